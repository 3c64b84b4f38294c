package org.foosched.views.boundary;

import org.foosched.analysis.boundary.DataPlacement;
import org.foosched.analysis.boundary.VariableResult;
import org.foosched.analysis.model.VarId;

import java.util.List;

/**
 * A line of the data table: a variable in the seed's 2x2 table and what loading does with it.
 *
 * @param isStatic private by default (extra_public shares it); else shared by default (force_private)
 */
public record VariableRow(VarId id, String name, String file, DataPlacement placement, boolean isStatic,
                          String reason, String symbol, List<String> warnings) {

    public static VariableRow of(VariableResult v) {
        return new VariableRow(v.def().id(), v.name(), v.def().id().file(), v.placement(), v.def().isStatic(),
                v.reason().describe(), v.symbol() == null ? "" : v.symbol().display(), v.warnings());
    }

    public boolean shared() {
        return placement.shared();
    }

    public boolean critical() {
        return placement.critical();
    }

    public String action() {
        return placement.action().label();
    }

    public String cell() {
        return (placement.shared() ? "shared" : "private") + " / " + (placement.critical() ? "critical" : "non-critical");
    }
}
