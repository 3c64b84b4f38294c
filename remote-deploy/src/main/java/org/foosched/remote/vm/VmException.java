package org.foosched.remote.vm;

/** A VM could not be built, started, reached or stopped; the message says why and what to do. */
public class VmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public VmException(String message) {
        super(message);
    }

    public VmException(String message, Throwable cause) {
        super(message, cause);
    }
}
