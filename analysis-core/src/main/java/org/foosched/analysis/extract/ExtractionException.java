package org.foosched.analysis.extract;

/** The extracted tree cannot be written; the message names the file, line and construct. */
public final class ExtractionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExtractionException(String message) {
        super(message);
    }
}
