package org.foosched.analysis.build;

import org.foosched.analysis.elf.ElfFile;
import org.foosched.analysis.elf.ElfRelaTable;
import org.foosched.analysis.elf.ElfSection;
import org.foosched.analysis.elf.ElfSymbolTable;
import org.foosched.analysis.elf.X86_64Relocations;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.vmlinux.VmlinuxIndex;
import org.foosched.analysis.vmlinux.VmlinuxSymbol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Resolves the module's non-exported vmlinux symbols at build time, from the {@code -dbg}
 * vmlinux, so that nothing is left for the target to resolve and the module can be signed.
 *
 * <p>KASLR moves the whole kernel image by one offset per boot; per-cpu variables are offsets
 * into the per-cpu area and do not move. So a reference to a non-exported symbol S becomes a
 * reference to an exported function A the module imports anyway (the <em>anchor</em>, normally
 * {@code _printk}) with {@code S - A} added to the addend: the kernel's module loader, which
 * knows where A is in this boot, then puts S where it is in this boot too. Every relocation type
 * a module uses is linear in the symbol's value ({@code S + A} or {@code S + A - P}), so the
 * shift is exact. Per-cpu symbols become absolute symbols holding their offset. The undefined
 * symbols themselves become absolute (and unreferenced), so the loader has nothing to look up
 * but real exports, whose CRCs modpost recorded.
 *
 * <p>The module's load-time check ({@code symbols.c}) still compares every resolved address
 * with kallsyms, so a module built from another kernel build is refused instead of run.
 */
public final class BuildTimeResolver {

    /** The prefix of the runtime's {@code name,sympos} references (see docs/runtime.md). */
    static final String PREFIX = "foosched.vmlinux.";
    private static final String PREFERRED_ANCHOR = "_printk";
    private static final Set<Integer> LINEAR = Set.of(X86_64Relocations.R_X86_64_64, X86_64Relocations.R_X86_64_PC32,
            X86_64Relocations.R_X86_64_PLT32, X86_64Relocations.R_X86_64_32, X86_64Relocations.R_X86_64_32S,
            X86_64Relocations.R_X86_64_PC64);
    private static final int SYM_SIZE = 24;
    private static final int RELA_SIZE = 24;

    /**
     * What was done.
     *
     * @param anchor      the exported function the moved references now name
     * @param symbols     undefined symbols resolved (moving and per-cpu)
     * @param perCpu      of those, per-cpu (absolute) ones
     * @param relocations relocations re-pointed at the anchor
     */
    public record Result(String anchor, int symbols, int perCpu, int relocations) {
    }

    private BuildTimeResolver() {
    }

    /**
     * Writes {@code out}: {@code ko} with every {@code foosched.vmlinux.<sympos>.<name>} symbol
     * and every name of {@code plainNames} resolved against {@code vmlinux}.
     *
     * @throws BuildException naming each symbol that cannot be resolved this way
     */
    public static Result resolve(Path ko, VmlinuxIndex vmlinux, Set<String> plainNames, Path out) {
        try (ElfFile elf = ElfFile.open(ko)) {
            ElfSymbolTable symtab = elf.symbolTable();
            ElfSection symtabSection = elf.sections().stream().filter(s -> s.type() == ElfSection.SHT_SYMTAB)
                    .findFirst().orElseThrow();
            ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(ko)).order(ByteOrder.LITTLE_ENDIAN);

            List<String> problems = new ArrayList<>();
            Map<Integer, Long> moving = new HashMap<>(); // symbol index -> vmlinux link-time address
            int perCpu = 0;
            int anchor = -1;
            long anchorAddress = 0;
            for (int i = 1; i < symtab.count(); i++) {
                if (symtab.sectionIndex(i) != ElfSymbolTable.SHN_UNDEF) {
                    continue;
                }
                String name = symtab.name(i);
                Optional<VmlinuxSymbol> target;
                if (name.startsWith(PREFIX)) {
                    target = byPosition(name, vmlinux, problems);
                } else if (plainNames.contains(name)) {
                    target = byPosition(PREFIX + "0." + name, vmlinux, problems);
                } else {
                    // an export: the loader resolves it (and checks its CRC); a function may anchor the others
                    boolean better = anchor < 0 || name.equals(PREFERRED_ANCHOR);
                    Optional<Long> a = better ? anchorAddress(name, vmlinux) : Optional.empty();
                    if (a.isPresent()) {
                        anchor = i;
                        anchorAddress = a.get();
                    }
                    continue;
                }
                if (target.isEmpty()) {
                    continue;
                }
                VmlinuxSymbol s = target.get();
                long entry = symtabSection.offset() + (long) i * SYM_SIZE;
                file.putShort((int) entry + 6, (short) ElfSymbolTable.SHN_ABS);
                if (doesNotMove(s)) {
                    file.putLong((int) entry + 8, s.address());
                    perCpu++;
                } else {
                    file.putLong((int) entry + 8, 0L);
                    moving.put(i, s.address());
                }
            }
            if (!moving.isEmpty() && anchor < 0) {
                problems.add("the module imports no exported vmlinux function to anchor its other vmlinux references to");
            }
            if (!problems.isEmpty()) {
                throw new BuildException("cannot resolve the module's vmlinux symbols at build time:\n  "
                        + String.join("\n  ", problems));
            }
            int moved = 0;
            for (ElfSection rela : elf.relaSections()) {
                if (rela.link() != symtabSection.index() || !elf.section(rela.info()).isAllocated()) {
                    continue; // the loader applies only the relocations of sections it loads
                }
                ElfRelaTable t = elf.relocations(rela);
                for (int j = 0; j < t.count(); j++) {
                    Long address = moving.get(t.symbol(j));
                    if (address == null) {
                        continue;
                    }
                    int type = t.type(j);
                    if (!LINEAR.contains(type)) {
                        throw new BuildException("cannot resolve " + symtab.name(t.symbol(j)) + " at build time: "
                                + rela.name() + " refers to it with " + X86_64Relocations.name(type)
                                + ", which is not linear in the symbol's address; build without --resolve-at-build");
                    }
                    long entry = rela.offset() + (long) j * RELA_SIZE;
                    file.putLong((int) entry + 8, ((long) anchor << 32) | type);
                    file.putLong((int) entry + 16, t.addend(j) + (address - anchorAddress));
                    moved++;
                }
            }
            Trees.writeAtomically(out, file.array());
            return new Result(symtab.name(anchor < 0 ? 0 : anchor), moving.size() + perCpu, perCpu, moved);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ko + ": " + e.getMessage(), e);
        }
    }

    /** Per-cpu variables (offsets into the per-cpu area) and absolute symbols: KASLR does not move them. */
    private static boolean doesNotMove(VmlinuxSymbol s) {
        return s.section().equals(".data..percpu") || s.section().equals("*ABS*");
    }

    /** The link-time address of {@code name} when it is a function vmlinux itself exports, and moves with KASLR. */
    private static Optional<Long> anchorAddress(String name, VmlinuxIndex vmlinux) {
        if (!vmlinux.export(name).map(e -> e.module().equals("vmlinux")).orElse(false)) {
            return Optional.empty();
        }
        return vmlinux.symbolsNamed(name).stream()
                .filter(s -> s.isFunction() && !s.isLocal() && s.sympos() == 0 && !doesNotMove(s))
                .map(VmlinuxSymbol::address).findFirst();
    }

    /** {@code foosched.vmlinux.<N>.<name>}: vmlinux's {@code name}, unique (N = 0) or the N-th by address. */
    private static Optional<VmlinuxSymbol> byPosition(String encoded, VmlinuxIndex vmlinux, List<String> problems) {
        String rest = encoded.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        int pos;
        try {
            pos = dot > 0 ? Integer.parseInt(rest.substring(0, dot)) : -1;
        } catch (NumberFormatException e) {
            pos = -1;
        }
        if (pos < 0) {
            problems.add(encoded + ": not of the form foosched.vmlinux.<sympos>.<name>");
            return Optional.empty();
        }
        String name = rest.substring(dot + 1);
        List<VmlinuxSymbol> listed = vmlinux.symbolsNamed(name).stream().filter(s -> s.sympos() >= 0).toList();
        int want = pos;
        Optional<VmlinuxSymbol> found = listed.stream().filter(s -> s.sympos() == want).findFirst();
        if (found.isEmpty()) {
            problems.add(name + (pos > 0 ? "," + pos : "") + ": " + (listed.isEmpty() ? "not in vmlinux's kallsyms"
                    : pos == 0 ? "ambiguous in vmlinux (" + listed.size() + " symbols of that name)"
                    : "vmlinux has only " + listed.size() + " symbols of that name"));
        }
        return found;
    }
}
