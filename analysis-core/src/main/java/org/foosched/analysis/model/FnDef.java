package org.foosched.analysis.model;

import java.util.Set;

/**
 * What the collector saw of a function definition.
 *
 * @param id        file and name
 * @param units     the translation units that compiled it (several for header inlines)
 * @param line      line of the name in {@code id.file()}
 * @param isStatic  internal linkage
 * @param inline    declared inline
 * @param init      placed in an init or exit section (gone after boot)
 * @param weak      weak definition
 * @param notrace   no fentry call (not traceable)
 * @param macro     the macro whose expansion defines it (e.g. {@code SYSCALL_DEFINE3}), or null
 * @param decl      a printable declaration
 * @param name      position of the name (or of the defining macro's invocation), or null
 * @param bodyOpen  position of the body's opening brace, or null
 * @param bodyClose position of the body's closing brace, or null
 */
public record FnDef(FnId id, Set<String> units, int line, boolean isStatic, boolean inline, boolean init,
                    boolean weak, boolean notrace, String macro, String decl, Pos name, Pos bodyOpen,
                    Pos bodyClose) {

    public FnDef {
        units = Set.copyOf(units);
    }

    public FnDef(FnId id, Set<String> units, int line, boolean isStatic, boolean inline, boolean init,
                 boolean weak, boolean notrace, String macro, String decl) {
        this(id, units, line, isStatic, inline, init, weak, notrace, macro, decl, null, null, null);
    }

    public FnDef withUnits(Set<String> more) {
        Set<String> all = new java.util.TreeSet<>(units);
        all.addAll(more);
        return new FnDef(id, all, line, isStatic, inline, init, weak, notrace, macro, decl, name, bodyOpen, bodyClose);
    }

    public boolean inHeader() {
        return id.file().endsWith(".h");
    }
}
