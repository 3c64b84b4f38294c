package org.foosched.remote.ssh;

/**
 * Everything that can go wrong talking to a host over SSH, as one exception type. The message
 * is meant for the user as is: it names the host and says what to do next. {@link #reason()}
 * lets callers (the CLI's exit codes, the workbench's icons) tell the cases apart.
 */
public final class SshException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why the SSH operation failed. */
    public enum Reason {
        /** No TCP connection, or the peer closed it before the SSH handshake finished. */
        UNREACHABLE,
        /** The host presented a key that nobody trusted yet. */
        HOST_KEY_UNKNOWN,
        /** The host presented a key other than the recorded one. */
        HOST_KEY_CHANGED,
        /** The host refused our key(s), or we have no usable key. */
        AUTH_FAILED,
        /** A command or transfer did not finish in time (the remote process was stopped). */
        TIMEOUT,
        /** The connection broke after it was established. */
        CONNECTION_LOST,
        /** An upload arrived incomplete or altered. */
        TRANSFER_FAILED,
        /** The user cancelled. */
        CANCELLED,
        /** Local configuration is unusable (missing identity file, no agent, ...). */
        CONFIGURATION
    }

    private final Reason reason;

    public SshException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SshException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
