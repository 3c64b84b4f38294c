package org.foosched.analysis.boundary;

import org.foosched.analysis.model.NodeId;

/**
 * Why a function or variable is classified as it is; {@code foosched explain} and the
 * workbench's inspector print these, following {@link UsedByOutsider} links into a chain.
 */
public sealed interface Reason {

    String describe();

    /** Listed in the configuration. */
    record ConfigEntry(String section, String file, int line) implements Reason {
        @Override
        public String describe() {
            return "listed in " + section + (line > 0 ? " (" + file + ":" + line + ")" : "");
        }
    }

    /** Matched an {@code interface_prefix}. */
    record Prefix(String prefix) implements Reason {
        @Override
        public String describe() {
            return "its name starts with the interface prefix '" + prefix + "'";
        }
    }

    /** Its address is taken, so pointers to vmlinux's copy may exist anywhere. */
    record AddressTaken(NodeId by, int line) implements Reason {
        @Override
        public String describe() {
            return "its address is taken by " + by.display() + (line > 0 ? " (line " + line + ")" : "");
        }
    }

    /** Code or data outside the boundary uses it directly. */
    record UsedFromOutside(String user, String where) implements Reason {
        @Override
        public String describe() {
            return "used by " + user + " outside the boundary (" + where + ")";
        }
    }

    /** A function that stays in vmlinux uses it, so vmlinux's copy must stay the live one. */
    record UsedByOutsider(NodeId outsider, int line) implements Reason {
        @Override
        public String describe() {
            return "used by " + outsider.display() + (line > 0 ? " (line " + line + ")" : "")
                    + ", which stays in vmlinux";
        }
    }

    /** In an init section. */
    record InitSection() implements Reason {
        @Override
        public String describe() {
            return "it is init code: it ran at boot and vmlinux freed it";
        }
    }

    /** Nothing outside reaches it. */
    record OnlyFromInside() implements Reason {
        @Override
        public String describe() {
            return "only the boundary's own code uses it";
        }
    }

    /** Defined in a file of the units that is not in mod_files. */
    record NotInModFiles(String file) implements Reason {
        @Override
        public String describe() {
            return file + " is not in mod_files";
        }
    }

    /** A default rule of the seed's data table, or a configuration entry. */
    record DataRule(String rule) implements Reason {
        @Override
        public String describe() {
            return rule;
        }
    }

    /** vmlinux has no usable copy. */
    record NotInVmlinux(String detail) implements Reason {
        @Override
        public String describe() {
            return detail;
        }
    }
}
