package org.foosched.remote.deploy;

/** A module built for one kernel release must never be installed on another. */
public final class ReleaseCheck {

    private ReleaseCheck() {
    }

    /** Throws RELEASE_MISMATCH naming both releases unless the host runs the package's release. */
    public static void require(PackageInfo pkg, String hostName, String hostRelease) {
        String running = hostRelease == null ? "" : hostRelease.strip();
        if (!pkg.targetRelease().equals(running)) {
            throw new DeployException(DeployException.Reason.RELEASE_MISMATCH, "package " + pkg.describe()
                    + " is built for Linux " + pkg.targetRelease() + " but host " + hostName + " runs " + running
                    + "; rebuild it for " + running + " or deploy it to a host running " + pkg.targetRelease());
        }
    }
}
