package org.foosched.analysis.facts;

import java.util.Objects;

/**
 * A direct call as written in the source, before inlining; {@code loc} is the callee's name
 * or, for a call written by a macro, the macro's invocation.
 */
public record CallFact(String from, String to, Loc loc) {

    public CallFact {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(loc, "loc");
    }
}
