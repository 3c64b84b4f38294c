package org.foosched.analysis.config;

/** A configuration value and the line of the YAML file it was read from (0 when made in memory). */
public record Located<T>(T value, int line) {

    public static <T> Located<T> of(T value) {
        return new Located<>(value, 0);
    }

    @Override
    public String toString() {
        return String.valueOf(value);
    }
}
