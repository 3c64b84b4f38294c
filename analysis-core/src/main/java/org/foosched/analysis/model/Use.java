package org.foosched.analysis.model;

/**
 * One use of a definition by another, in the source of a unit.
 *
 * @param from  the user (a function, or a variable whose initializer mentions it)
 * @param to    the definition used
 * @param kind  call, address taken (a callback), or a variable read/written
 * @param unit  the translation unit where the use was seen
 * @param line  line of the use (0 when unknown)
 */
public record Use(NodeId from, NodeId to, Kind kind, String unit, int line) {

    public enum Kind {
        CALL, ADDRESS, VARIABLE
    }
}
