package org.foosched.analysis.facts;

import java.util.Objects;

/** A function or variable the unit uses but does not define, and where it is declared. */
public record DeclarationFact(String name, SymbolKind kind, Loc loc) {

    public DeclarationFact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
