package org.foosched.analysis.facts;

import java.util.Objects;
import java.util.Set;

/**
 * A function definition the unit parses, headers included, or an alias
 * ({@code aliasOf} set, {@code body} null).
 *
 * @param name      the C name
 * @param asmName   the assembler name, equal to {@code name} unless renamed
 * @param loc       the name's position, or the macro invocation when {@code expansion} is set
 * @param expansion the macro that produced the name, or null
 * @param body      the braces, or null for an alias
 * @param section   the explicit section, or null
 * @param decl      a printable declaration with parameter types, e.g.
 *                  {@code static void __schedule(unsigned int)}
 * @param aliasOf   the target of {@code __attribute__((alias))}, or null
 */
public record FunctionFact(String name, String asmName, Loc loc, Expansion expansion, Body body,
                           Set<FunctionFlag> flags, String section, String decl, String aliasOf) {

    public FunctionFact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(asmName, "asmName");
        Objects.requireNonNull(loc, "loc");
        Objects.requireNonNull(decl, "decl");
        flags = flags == null ? Set.of() : Set.copyOf(flags);
        if (body == null && aliasOf == null) {
            throw new IllegalArgumentException("function " + name + " has neither a body nor an alias target");
        }
    }

    public boolean has(FunctionFlag flag) {
        return flags.contains(flag);
    }

    public boolean isAlias() {
        return aliasOf != null;
    }
}
