package org.foosched.analysis.config;

import java.nio.file.Path;

/** One thing wrong with a boundary configuration, with the place it was found. */
public record ConfigProblem(Path file, int line, String message) {

    @Override
    public String toString() {
        return (file == null ? "boundary.yaml" : file.toString()) + (line > 0 ? ":" + line : "") + ": " + message;
    }
}
