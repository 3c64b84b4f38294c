package org.foosched.analysis.kit;

/** A kernel kit cannot be made or found; the message says which part and what to do. */
public final class KitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KitException(String message) {
        super(message);
    }

    public KitException(String message, Throwable cause) {
        super(message, cause);
    }
}
