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
 */
public record FnDef(FnId id, Set<String> units, int line, boolean isStatic, boolean inline, boolean init,
                    boolean weak, boolean notrace, String macro, String decl) {

    public FnDef {
        units = Set.copyOf(units);
    }

    public boolean inHeader() {
        return id.file().endsWith(".h");
    }
}
