package org.foosched.views.graph;

import org.foosched.analysis.boundary.FunctionClass;

/** One colour per function class, shared by the graph, its legend and the tables. */
public final class ClassColors {

    public static final String EXTERNAL = "#b0b0b0";
    public static final String OUTSIDE_EDGE = "#d32f2f";

    private ClassColors() {
    }

    public static String of(FunctionClass c) {
        if (c == null) {
            return EXTERNAL;
        }
        return switch (c) {
            case INTERFACE -> "#2e7d32";
            case CALLBACK -> "#8e24aa";
            case SIDECAR -> "#00838f";
            case INSIDER -> "#1e88e5";
            case OUTSIDER -> "#ef6c00";
            case OPTIMIZED_OUTSIDER -> "#f9a825";
            case INIT -> "#6d4c41";
            case OUTSIDE -> "#78909c";
        };
    }

    /** The style class of a function class ({@code optimized_outsider}: GraphStream's CSS takes no hyphens). */
    public static String cssClass(FunctionClass c) {
        return c == null ? "external" : c.name().toLowerCase();
    }
}
