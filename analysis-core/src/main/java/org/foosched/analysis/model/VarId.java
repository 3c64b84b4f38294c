package org.foosched.analysis.model;

/** A global (or file-static) variable definition: defining file and name. */
public record VarId(String file, String name) implements NodeId {
    @Override
    public String toString() {
        return display();
    }
}
