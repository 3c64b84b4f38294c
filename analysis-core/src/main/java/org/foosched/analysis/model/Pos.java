package org.foosched.analysis.model;

/** A position in a source file: 1-based line and 1-based byte column (GCC's columns). */
public record Pos(int line, int col) implements Comparable<Pos> {

    @Override
    public int compareTo(Pos o) {
        return line != o.line ? Integer.compare(line, o.line) : Integer.compare(col, o.col);
    }

    @Override
    public String toString() {
        return line + ":" + col;
    }
}
