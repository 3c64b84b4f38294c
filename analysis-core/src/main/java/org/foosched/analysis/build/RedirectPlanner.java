package org.foosched.analysis.build;

import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.elf.ElfFile;
import org.foosched.analysis.elf.ElfSection;
import org.foosched.analysis.elf.X86_64Relocations;
import org.foosched.analysis.vmlinux.PatchSites;
import org.foosched.analysis.vmlinux.Reference;
import org.foosched.analysis.vmlinux.VmlinuxIndex;
import org.foosched.analysis.vmlinux.VmlinuxSymbol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Describes, from the release's {@code -dbg} vmlinux, each function the module will jump
 * from: where the jump goes (after the fentry site, or at the entry of a notrace function),
 * the bytes it replaces, and whether the kernel rewrites any of them itself (jump labels and
 * static calls at run time; alternatives, retpolines, return thunks, lock prefixes, paravirt
 * and KASLR relocations at boot). The runtime refuses what cannot be patched safely; the
 * flags explain why.
 */
public final class RedirectPlanner {

    static final int PATCH = 5;

    /** Sections whose entries point at code the kernel patches, and the bytes each site covers. */
    private static final Map<String, Integer> SITE_TABLES = Map.of(
            "__jump_table", 16, ".static_call_sites", 8, ".retpoline_sites", 4, ".return_sites", 4,
            ".smp_locks", 4, ".altinstructions", 12, ".parainstructions", 16);

    private final VmlinuxIndex index;
    private final ElfFile elf;
    private final PatchSites runtimeSites;

    public RedirectPlanner(VmlinuxIndex index, ElfFile elf) {
        this.index = index;
        this.elf = elf;
        this.runtimeSites = PatchSites.of(index);
    }

    /** A function to redirect: vmlinux's symbol and the module function replacing it. */
    public record Target(VmlinuxSymbol symbol, String moduleFunction, String definedIn) {
    }

    public List<RedirectEntry> plan(List<Target> targets) {
        List<RedirectEntry> out = new ArrayList<>();
        for (Target t : targets) {
            out.add(entry(out.size(), t));
        }
        return out;
    }

    /** The vmlinux symbol of a redirected function of the analysis. */
    public Target target(FunctionResult f, String definedIn) {
        VmlinuxSymbol s = index.symbolsNamed(f.symbol().name()).stream()
                .filter(v -> v.address() == f.symbol().address()).findFirst()
                .orElseThrow(() -> new BuildException("vmlinux has no symbol " + f.symbol().display()));
        return new Target(s, f.moduleName(), definedIn);
    }

    private RedirectEntry entry(int idx, Target t) {
        VmlinuxSymbol s = t.symbol();
        boolean fentry = index.hasFentryCall(s);
        int off = fentry ? PATCH : 0;
        if (s.size() < off + PATCH) {
            throw new BuildException(s.displayName() + " is " + s.size() + " bytes, too short for a jump at +" + off);
        }
        Set<RedirectEntry.Flag> flags = EnumSet.noneOf(RedirectEntry.Flag.class);
        if (fentry) {
            flags.add(RedirectEntry.Flag.FENTRY);
        }
        long lo = s.address() + off;
        long hi = lo + PATCH;
        for (Reference r : index.referencesTo(s)) {
            Integer stride = SITE_TABLES.get(r.section());
            if (stride != null && isSiteField(r, stride)) {
                long site = r.targetAddress();
                int len = siteLength(r);
                if (site < hi && site + len > lo) {
                    flags.add(switch (r.section()) {
                        case "__jump_table" -> RedirectEntry.Flag.JUMP_LABEL;
                        case ".static_call_sites" -> RedirectEntry.Flag.STATIC_CALL;
                        default -> RedirectEntry.Flag.BOOT_PATCHED;
                    });
                }
            }
        }
        // In a linked vmlinux __jump_table and .static_call_sites lie inside .rodata: find their
        // entries by the linker's bounds rather than by section name.
        runtimeSites.overlapping(lo, hi).ifPresent(site -> flags.add(
                site.kind() == PatchSites.Kind.JUMP_LABEL ? RedirectEntry.Flag.JUMP_LABEL
                        : RedirectEntry.Flag.STATIC_CALL));
        if (flags.contains(RedirectEntry.Flag.JUMP_LABEL) || flags.contains(RedirectEntry.Flag.STATIC_CALL)) {
            throw new BuildException(s.displayName() + ": the kernel rewrites a "
                    + (flags.contains(RedirectEntry.Flag.JUMP_LABEL) ? "jump label" : "static call")
                    + " inside the 5 bytes the redirect would replace at +" + off
                    + ", so the module would be refused at load. The analysis keeps such functions in vmlinux;"
                    + " this workspace was extracted without that rule: re-extract it (foosched init --force)");
        }
        for (Reference r : index.referencesFrom(s)) {
            boolean absolute = r.type() == X86_64Relocations.R_X86_64_32S || r.type() == X86_64Relocations.R_X86_64_32
                    || r.type() == X86_64Relocations.R_X86_64_64;
            if (absolute && r.place() < hi && r.place() + 4 > lo) {
                flags.add(RedirectEntry.Flag.BOOT_PATCHED); // KASLR relocates it at boot
            }
        }
        byte[] expected;
        try {
            expected = index.bytes(s, off, PATCH);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String coldName = null;
        int coldPos = 0;
        long coldSize = 0;
        Optional<VmlinuxSymbol> cold = index.symbolsNamed(s.name() + ".cold").stream()
                .filter(c -> !s.isLocal() || c.unit() == s.unit()).findFirst();
        if (cold.isPresent()) {
            coldName = cold.get().name();
            coldPos = Math.max(0, cold.get().sympos());
            coldSize = cold.get().size();
        }
        return new RedirectEntry(idx, s.name(), Math.max(0, s.sympos()), "foosched_new_" + idx, t.moduleFunction(),
                t.definedIn(), s.size(), off, flags, expected, coldName, coldPos, coldSize);
    }

    /** Only the field of a table entry that names the patched site (not e.g. a jump's target). */
    private boolean isSiteField(Reference r, int stride) {
        if (r.section().equals(".parainstructions") || r.section().equals(".altinstructions")
                || r.section().equals("__jump_table") || r.section().equals(".static_call_sites")) {
            Optional<ElfSection> sec = elf.section(r.section());
            return sec.isPresent() && (r.place() - sec.get().address()) % stride == 0;
        }
        return true;
    }

    private int siteLength(Reference r) {
        try {
            return switch (r.section()) {
                case ".altinstructions" -> elf.bytesAt(r.place() + 10, 1)[0] & 0xff;
                case ".parainstructions" -> elf.bytesAt(r.place() + 9, 1)[0] & 0xff;
                case ".retpoline_sites" -> 6;
                case ".smp_locks" -> 1;
                default -> PATCH;
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The generated header. */
    public static String header(List<RedirectEntry> entries, String vmlinuxName) {
        StringBuilder sb = new StringBuilder();
        sb.append("/* SPDX-License-Identifier: GPL-2.0 */\n");
        sb.append("/* Generated by foosched build from ").append(vmlinuxName).append("; do not edit. */\n");
        for (RedirectEntry e : entries) {
            sb.append(e.line()).append('\n');
        }
        return sb.toString();
    }
}
