package org.foosched.views.boundary;

import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.model.FnId;

/**
 * A line of the function table.
 *
 * @param id        the function
 * @param name      its name
 * @param file      its defining file
 * @param cls       its class
 * @param reason    why (the first line of the reason)
 * @param symbol    vmlinux's symbol, or empty
 * @param exported  exported to modules
 * @param redirected vmlinux's entry jumps to the module
 */
public record FunctionRow(FnId id, String name, String file, FunctionClass cls, String reason, String symbol,
                          boolean exported, boolean redirected) {

    public static FunctionRow of(FunctionResult f) {
        return new FunctionRow(f.def().id(), f.name(), f.def().id().file(), f.cls(), f.reason().describe(),
                f.symbol() == null ? "" : f.symbol().display(), f.exported(), f.tainted());
    }

    public String classLabel() {
        return cls.label();
    }
}
