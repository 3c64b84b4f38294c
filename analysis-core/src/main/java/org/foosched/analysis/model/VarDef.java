package org.foosched.analysis.model;

import java.util.Set;

/**
 * What the collector saw of a variable definition.
 *
 * @param id       file and name
 * @param units    translation units that define it
 * @param line     line of the name (or of the defining macro's invocation)
 * @param isStatic internal linkage
 * @param percpu   a per-CPU variable
 * @param init     in an init section
 * @param readOnly const
 * @param size     bytes, or -1 when unknown
 * @param macro    the defining macro ({@code DEFINE_PER_CPU}, …) or null
 * @param decl     a printable declaration
 * @param pos      position of the name, or of the defining macro's invocation; or null
 * @param initialized the definition has an initializer
 */
public record VarDef(VarId id, Set<String> units, int line, boolean isStatic, boolean percpu, boolean init,
                     boolean readOnly, long size, String macro, String decl, Pos pos, boolean initialized) {

    public VarDef {
        units = Set.copyOf(units);
    }

    public VarDef(VarId id, Set<String> units, int line, boolean isStatic, boolean percpu, boolean init,
                  boolean readOnly, long size, String macro, String decl) {
        this(id, units, line, isStatic, percpu, init, readOnly, size, macro, decl, null, true);
    }

    public VarDef withUnits(Set<String> more) {
        Set<String> all = new java.util.TreeSet<>(units);
        all.addAll(more);
        return new VarDef(id, all, line, isStatic, percpu, init, readOnly, size, macro, decl, pos, initialized);
    }
}
