package org.foosched.analysis.model;

/** A function definition: defining file and name. */
public record FnId(String file, String name) implements NodeId {
    @Override
    public String toString() {
        return display();
    }
}
