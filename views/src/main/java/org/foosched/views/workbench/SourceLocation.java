package org.foosched.views.workbench;

import java.nio.file.Path;

/**
 * A place in a file the workbench can open: 1-based line, 0 when only the file is meant.
 *
 * @param file   absolute path
 * @param line   1-based line, or 0
 * @param column 1-based column, or 0
 */
public record SourceLocation(Path file, int line, int column) {

    public static SourceLocation of(Path file) {
        return new SourceLocation(file, 0, 0);
    }

    public static SourceLocation of(Path file, int line) {
        return new SourceLocation(file, line, 0);
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "");
    }
}
