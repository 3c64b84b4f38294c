package org.foosched.analysis.facts;

import java.util.Objects;

/**
 * A name produced by a macro: {@code macro} is the outermost macro invoked in the source
 * (e.g. {@code SYSCALL_DEFINE3}, {@code DEFINE_PER_CPU_SHARED_ALIGNED}) and {@code loc} the
 * position of that invocation.
 */
public record Expansion(String macro, Loc loc) {

    public Expansion {
        Objects.requireNonNull(macro, "macro");
        Objects.requireNonNull(loc, "loc");
    }
}
