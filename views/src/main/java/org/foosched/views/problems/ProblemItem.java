package org.foosched.views.problems;

import java.nio.file.Path;

/**
 * One entry of the problems list.
 *
 * @param severity error, warning or info
 * @param source   which part of the workbench reported it (it replaces its own entries)
 * @param message  what is wrong and what to do
 * @param file     the file it is about (absolute), or null
 * @param line     1-based line, or 0
 */
public record ProblemItem(Severity severity, Source source, String message, Path file, int line) {

    public enum Severity { ERROR, WARNING, INFO }

    /** Who reported a problem. */
    public enum Source {
        CONFIG("boundary.yaml"), ANALYSIS("analysis"), EDITOR("editor"), SAFETY("change safety"), BUILD("build"),
        WORKSPACE("workspace");

        private final String label;

        Source(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public String location() {
        if (file == null) {
            return "";
        }
        return file.getFileName() + (line > 0 ? ":" + line : "");
    }
}
