package org.foosched.app.cli;

import org.foosched.remote.deploy.DeployException;
import org.foosched.remote.hosts.HostInventory;
import org.foosched.remote.ssh.SshException;

/**
 * Exit codes of the remote commands ({@code probe}, {@code deploy}, {@code rollback},
 * {@code status}, {@code dmesg}, {@code hosts}); {@code docs/deploy.md} lists them.
 */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;
    public static final int HOST_KEY_REFUSED = 4;
    public static final int AUTHENTICATION = 5;
    public static final int RELEASE_MISMATCH = 6;
    public static final int CONFLICT = 7;
    public static final int TIMEOUT = 8;
    public static final int OUTCOME_UNKNOWN = 9;
    public static final int REMOTE_FAILED = 10;
    public static final int BAD_INPUT = 11;
    public static final int CANCELLED = 130;

    private ExitCodes() {
    }

    public static int of(Throwable e) {
        if (e instanceof SshException s) {
            return switch (s.reason()) {
                case UNREACHABLE -> UNREACHABLE;
                case HOST_KEY_UNKNOWN, HOST_KEY_CHANGED -> HOST_KEY_REFUSED;
                case AUTH_FAILED, CONFIGURATION -> AUTHENTICATION;
                case TIMEOUT -> TIMEOUT;
                case CONNECTION_LOST -> OUTCOME_UNKNOWN;
                case TRANSFER_FAILED -> REMOTE_FAILED;
                case CANCELLED -> CANCELLED;
            };
        }
        if (e instanceof DeployException d) {
            return switch (d.reason()) {
                case BAD_PACKAGE -> BAD_INPUT;
                case RELEASE_MISMATCH -> RELEASE_MISMATCH;
                case CONFLICT -> CONFLICT;
                case OUTCOME_UNKNOWN -> OUTCOME_UNKNOWN;
                case HOST_UNSUPPORTED, INSTALL_FAILED, NOT_ENABLED, REMOVE_FAILED, STILL_LOADED -> REMOTE_FAILED;
            };
        }
        if (e instanceof HostInventory.InventoryException) {
            return BAD_INPUT;
        }
        return FAILURE;
    }

    /** The reason word for --json error output. */
    public static String reason(Throwable e) {
        if (e instanceof SshException s) {
            return s.reason().name().toLowerCase();
        }
        if (e instanceof DeployException d) {
            return d.reason().name().toLowerCase();
        }
        if (e instanceof HostInventory.InventoryException) {
            return "inventory";
        }
        return "failure";
    }
}
