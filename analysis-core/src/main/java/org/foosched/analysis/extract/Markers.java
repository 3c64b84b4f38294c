package org.foosched.analysis.extract;

/**
 * The comments the extractor writes into the module's sources. The workbench finds guarded
 * regions by these strings and the change-safety report checks them, so they are defined once.
 */
public final class Markers {

    private Markers() {
    }

    public static final String SIGNATURE = "DON'T MODIFY SIGNATURE";
    public static final String INLINE_EXTERNAL = "DON'T MODIFY INLINE EXTERNAL FUNCTION";
    public static final String INIT = "DON'T MODIFY INIT FUNCTION";
    public static final String OUTSIDER = "FOOSCHED OUTSIDER";
    public static final String SHARED = "FOOSCHED SHARED";
    public static final String REMOVED = "FOOSCHED REMOVED";

    /** The assembler name by which the module refers to vmlinux's symbol {@code name}. */
    public static String vmlinuxSymbol(String name, int sympos) {
        return "foosched.vmlinux." + sympos + "." + name;
    }
}
