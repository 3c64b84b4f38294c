package org.foosched.analysis.facts;

/** A facts file that cannot be used: not JSON, not facts, or a schema this code does not read. */
public final class FactsFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FactsFormatException(String message) {
        super(message);
    }

    public FactsFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
