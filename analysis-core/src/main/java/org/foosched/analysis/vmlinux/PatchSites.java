package org.foosched.analysis.vmlinux;


import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The code sites the kernel rewrites itself, found through vmlinux's tables of them: jump
 * labels and static calls (at run time), alternatives, retpolines, return thunks, lock
 * prefixes and paravirt calls (at boot). In the linked vmlinux these tables are ranges of
 * bigger sections delimited by linker symbols ({@code __start___jump_table} …), so a site
 * is a relocation whose place lies in such a range, at the entry's site field.
 */
public final class PatchSites {

    /** What rewrites a site. */
    public enum Kind {
        JUMP_LABEL, STATIC_CALL, BOOT
    }

    private record Table(String start, String end, int stride, Kind kind, int length, long lo, long hi) {
    }

    private final List<Table> tables = new ArrayList<>();

    public PatchSites(VmlinuxIndex index) {
        add(index, "__start___jump_table", "__stop___jump_table", 16, Kind.JUMP_LABEL, 5);
        add(index, "__start_static_call_sites", "__stop_static_call_sites", 8, Kind.STATIC_CALL, 5);
        add(index, "__retpoline_sites", "__retpoline_sites_end", 4, Kind.BOOT, 6);
        add(index, "__return_sites", "__return_sites_end", 4, Kind.BOOT, 5);
        add(index, "__smp_locks", "__smp_locks_end", 4, Kind.BOOT, 1);
        add(index, "__alt_instructions", "__alt_instructions_end", 12, Kind.BOOT, 16);
        add(index, "__parainstructions", "__parainstructions_end", 16, Kind.BOOT, 16);
    }

    private void add(VmlinuxIndex index, String start, String end, int stride, Kind kind, int length) {
        Optional<VmlinuxSymbol> s = index.symbolsNamed(start).stream().findFirst();
        Optional<VmlinuxSymbol> e = index.symbolsNamed(end).stream().findFirst();
        if (s.isPresent() && e.isPresent()) {
            tables.add(new Table(start, end, stride, kind, length, s.get().address(), e.get().address()));
        }
    }

    /**
     * The kinds of site in {@code [lo, lo+len)} of {@code function}: the kernel may rewrite
     * those bytes, so a jump written there would not stay (or would make the kernel BUG).
     * Lengths are taken at their longest (a jump label may be 2 or 5 bytes).
     */
    public Set<Kind> overlapping(VmlinuxIndex index, VmlinuxSymbol function, long lo, int len) {
        Set<Kind> out = EnumSet.noneOf(Kind.class);
        long hi = lo + len;
        for (Reference r : index.referencesTo(function)) {
            for (Table t : tables) {
                if (r.place() >= t.lo && r.place() < t.hi && (r.place() - t.lo) % t.stride == 0) {
                    long site = r.targetAddress();
                    if (site < hi && site + t.length > lo) {
                        out.add(t.kind);
                    }
                }
            }
        }
        return out;
    }
}
