package org.foosched.analysis.facts;

import java.util.Objects;
import java.util.Set;

/**
 * A variable definition: file scope, or a {@code static} inside a function.
 *
 * @param name      the C name
 * @param asmName   the assembler name: GCC numbers function-local statics ({@code name.3}); the
 *                  C name when the unit emitted no symbol for it
 * @param scope     the function a function-local static belongs to, or null at file scope
 * @param loc       the name's position, or the macro invocation when {@code expansion} is set
 * @param expansion the macro that produced the name ({@code DEFINE_PER_CPU}, ...), or null
 * @param section   the explicit section, or null
 * @param size      the size in bytes, or null when unknown
 * @param decl      a printable declaration without initializer, e.g. {@code struct rq runqueues}
 */
public record VariableFact(String name, String asmName, String scope, Loc loc, Expansion expansion,
                           Set<VariableFlag> flags, String section, Long size, String decl) {

    public VariableFact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(asmName, "asmName");
        Objects.requireNonNull(loc, "loc");
        Objects.requireNonNull(decl, "decl");
        flags = flags == null ? Set.of() : Set.copyOf(flags);
    }

    public boolean has(VariableFlag flag) {
        return flags.contains(flag);
    }

    public boolean isFunctionLocal() {
        return scope != null;
    }
}
