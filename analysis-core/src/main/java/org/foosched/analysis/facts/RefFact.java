package org.foosched.analysis.facts;

import java.util.Objects;

/**
 * A use of a function's address (the callback relation) or of a global variable, from a
 * function body or from a variable's initializer.
 *
 * @param fromScope    when {@code from} is a function-local static: its function; else null
 * @param toScope      when {@code to} is a function-local static: its function; else null
 * @param addressTaken the address of {@code to} is taken ({@code &x}, a function designator
 *                     not called)
 * @param loc          where, or null when GCC kept no position (some initializers)
 */
public record RefFact(String from, SymbolKind fromKind, String fromScope, String to, SymbolKind toKind,
                      String toScope, boolean addressTaken, Loc loc) {

    public RefFact {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(fromKind, "fromKind");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(toKind, "toKind");
    }

    /** A function used as a value, not called: a callback. */
    public boolean isCallback() {
        return toKind == SymbolKind.FUNCTION && addressTaken;
    }
}
