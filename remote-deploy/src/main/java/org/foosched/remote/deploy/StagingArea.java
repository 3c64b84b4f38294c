package org.foosched.remote.deploy;

import org.foosched.remote.hosts.Host;

/** Where packages are uploaded on a host before the package manager installs them. */
final class StagingArea {

    private StagingArea() {
    }

    /**
     * {@code /var/tmp/foosched/packages} for root; a per-user directory otherwise, so that no
     * other user can swap a package between its verification and its install as root.
     */
    static String packagePath(Host host, String fileName) {
        String dir = host.user().equals("root") ? "/var/tmp/foosched/packages"
                : "/var/tmp/foosched-" + host.user() + "/packages";
        return dir + "/" + fileName;
    }
}
