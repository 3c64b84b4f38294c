package org.foosched.analysis.vmlinux;

import java.util.List;

/**
 * What the image holds for one source-level function name: the function itself and/or the
 * clones and parts GCC made of it.
 *
 * @param name     the name asked for
 * @param exact    FUNC symbols with exactly that name (several for duplicate statics)
 * @param variants FUNC symbols named {@code name.isra.N}, {@code name.constprop.N},
 *                 {@code name.part.N}, {@code name.cold}, ...
 */
public record FunctionLookup(String name, List<VmlinuxSymbol> exact, List<VmlinuxSymbol> variants) {

    /** How the function survived compilation. */
    public enum Status {
        /** A symbol with the exact name exists (clones may exist besides). */
        PRESENT,
        /** Only clones/parts exist: callers call e.g. {@code name.isra.0}. */
        ONLY_VARIANTS,
        /** Neither: inlined into every caller, discarded, or never built. */
        ABSENT
    }

    public Status status() {
        if (!exact.isEmpty()) {
            return Status.PRESENT;
        }
        return variants.isEmpty() ? Status.ABSENT : Status.ONLY_VARIANTS;
    }
}
