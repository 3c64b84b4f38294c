package org.foosched.analysis.boundary;

import org.foosched.analysis.model.VarDef;

import java.util.List;

/**
 * A placed variable.
 *
 * @param def       the definition
 * @param placement its cell in the seed's table and the action on load
 * @param inBoundary defined in mod_files (false: a variable of an outside file in the units,
 *                  always vmlinux's)
 * @param reason    why private or shared
 * @param symbol    vmlinux's symbol (null when vmlinux has none)
 * @param warnings  things the engineer should look at
 * @param usedByBoundary code or data of mod_files uses it (a variable of an outside file that
 *                  nothing of the boundary uses is left alone by the extractor)
 */
public record VariableResult(VarDef def, DataPlacement placement, boolean inBoundary, Reason reason,
                             VmSymbol symbol, List<String> warnings, boolean usedByBoundary) {

    public VariableResult {
        warnings = List.copyOf(warnings);
    }

    public String name() {
        return def.id().name();
    }
}
