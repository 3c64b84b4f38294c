package org.foosched.analysis.boundary;

import org.foosched.analysis.model.FnDef;

/**
 * A classified function.
 *
 * @param def       the definition
 * @param cls       its class
 * @param reason    why
 * @param symbol    vmlinux's symbol for it (null when vmlinux has no callable copy)
 * @param exported  exported to modules by vmlinux
 */
public record FunctionResult(FnDef def, FunctionClass cls, Reason reason, VmSymbol symbol, boolean exported) {

    /** vmlinux's entry will be patched (the seed's "tainted" functions). */
    public boolean tainted() {
        return cls.redirected() && symbol != null;
    }

    /** The module keeps the body but it must not be changed (marked in the extracted code). */
    public boolean guarded() {
        return cls == FunctionClass.OPTIMIZED_OUTSIDER || cls == FunctionClass.INIT;
    }

    public String name() {
        return def.id().name();
    }
}
