package org.foosched.analysis.build;

/** The module cannot be built; the message says what and what to do. */
public final class BuildException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BuildException(String message) {
        super(message);
    }
}
