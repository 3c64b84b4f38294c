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
 * @param addressTaken its address is taken in the units' code or data (the module must then hand
 *                  out vmlinux's address, never its own: see the extractor)
 */
public record FunctionResult(FnDef def, FunctionClass cls, Reason reason, VmSymbol symbol, boolean exported,
                             boolean addressTaken) {

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

    /**
     * The name of the module's copy: a redirected function whose address is taken is renamed
     * {@code __cb_<name>}, so that every pointer the module's code takes of {@code <name>}
     * points to vmlinux's entry (which jumps here while the module is enabled, and is still
     * valid code after it is unloaded).
     */
    public String moduleName() {
        return tainted() && addressTaken ? "__cb_" + def.id().name() : def.id().name();
    }
}
