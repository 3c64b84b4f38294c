package org.foosched.remote.deploy;

/**
 * A deploy, rollback or status step that cannot go on. The message names the host and the
 * package and says what to do; {@link #reason()} tells the cases apart (CLI exit codes).
 */
public final class DeployException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Reason {
        /** the package file is unreadable or lacks foosched's metadata */
        BAD_PACKAGE,
        /** built for another kernel release than the host runs */
        RELEASE_MISMATCH,
        /** another foosched package or version is installed, or another operation runs */
        CONFLICT,
        /** the host lacks what the step needs (package manager, sha256sum, space) */
        HOST_UNSUPPORTED,
        /** the package manager failed */
        INSTALL_FAILED,
        /** installed, but the module did not report enabled in time */
        NOT_ENABLED,
        /** the package manager failed to remove the package */
        REMOVE_FAILED,
        /** removed, but the module is still loaded */
        STILL_LOADED,
        /** the connection dropped and the outcome could not be learned */
        OUTCOME_UNKNOWN
    }

    private final Reason reason;

    public DeployException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public DeployException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
