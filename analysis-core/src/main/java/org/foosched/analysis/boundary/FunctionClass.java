package org.foosched.analysis.boundary;

/** Where a function of the boundary's files ends up. */
public enum FunctionClass {
    /** Listed (or matched by a prefix): vmlinux's entry jumps to the module's version. */
    INTERFACE("interface", true),
    /** Its address is taken: pointers held anywhere may reach vmlinux's copy, so it is redirected. */
    CALLBACK("callback", true),
    /** Outside mod_files but listed as sidecar: replaced like an interface. */
    SIDECAR("sidecar", true),
    /** Only reachable through the module's own code: compiled into the module, free to change. */
    INSIDER("insider", false),
    /** Used by code that stays in vmlinux: the module calls vmlinux's copy (body becomes a declaration). */
    OUTSIDER("outsider", false),
    /** An outsider vmlinux has no callable copy of (inlined away, only clones, or a header inline):
     *  the module keeps a copy of the body, which must not be changed. */
    OPTIMIZED_OUTSIDER("optimized-away outsider", false),
    /** In an init section: it ran at boot and is gone; the module keeps it unchanged. */
    INIT("init", false),
    /** Defined in the units but outside mod_files (e.g. cputime.c in build_policy.c): vmlinux's. */
    OUTSIDE("outside", false);

    private final String label;
    private final boolean redirected;

    FunctionClass(String label, boolean redirected) {
        this.label = label;
        this.redirected = redirected;
    }

    public String label() {
        return label;
    }

    /** vmlinux's entry is patched to jump into the module. */
    public boolean redirected() {
        return redirected;
    }
}
