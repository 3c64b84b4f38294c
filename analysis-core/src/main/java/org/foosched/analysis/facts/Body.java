package org.foosched.analysis.facts;

import java.util.Objects;

/**
 * The braces of a function body. When a brace comes from a macro expansion (the wrappers a
 * {@code SYSCALL_DEFINE3} makes), its position is the macro's invocation, see
 * {@link #fromMacro()}.
 */
public record Body(Loc open, Loc close) {

    public Body {
        Objects.requireNonNull(open, "open");
        Objects.requireNonNull(close, "close");
    }

    /** True when both braces are written by a macro, not in the source text. */
    public boolean fromMacro() {
        return open.equals(close);
    }
}
