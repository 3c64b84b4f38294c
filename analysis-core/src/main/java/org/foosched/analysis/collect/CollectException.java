package org.foosched.analysis.collect;

/**
 * Collecting facts failed: bad input (a dirty source tree, a missing unit), a missing tool,
 * or a compiler error. The message names the thing and what to do.
 */
public class CollectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CollectException(String message) {
        super(message);
    }

    public CollectException(String message, Throwable cause) {
        super(message, cause);
    }
}
