package org.foosched.analysis.facts;

import java.util.Objects;

/**
 * Accesses of a struct or union member in one function ({@code a.b}, {@code a->b}).
 * {@code struct} is the tag, else the typedef name, else for members of an anonymous member
 * the enclosing struct's name. Uses folded away by the front end ({@code offsetof},
 * {@code container_of}) are not seen.
 */
public record FieldFact(String function, String struct, String field, int count) {

    public FieldFact {
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(struct, "struct");
        Objects.requireNonNull(field, "field");
        if (count < 1) {
            throw new IllegalArgumentException("field count must be positive: " + count);
        }
    }
}
