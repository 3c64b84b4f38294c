package org.foosched.analysis.model;

/**
 * A function or variable definition in the scheduler's translation units, identified by its
 * defining source file (relative to the kernel tree) and name. A static inline function of a
 * header is one node although every unit that includes the header compiles a copy.
 */
public sealed interface NodeId permits FnId, VarId {

    String file();

    String name();

    /** {@code kernel/sched/core.c:try_to_wake_up} */
    default String display() {
        return file() + ":" + name();
    }
}
