package org.foosched.analysis.facts;

import java.util.Objects;

/**
 * A position in the kernel source: {@code file} relative to the source tree when inside it
 * (absolute otherwise, e.g. generated headers in the build directory), 1-based line and
 * byte column (a tab counts as one), as GCC reports them.
 */
public record Loc(String file, int line, int col) {

    public Loc {
        Objects.requireNonNull(file, "file");
        if (line < 1 || col < 0) {
            throw new IllegalArgumentException("bad position " + file + ":" + line + ":" + col);
        }
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + col;
    }
}
