package org.foosched.remote.deploy;

/** The package formats foosched deploys, and how a host installs and removes them. */
public enum PackageFormat {
    DEB("dpkg", "dpkg -i", "dpkg -r"),
    RPM("rpm", "rpm -ivh", "rpm -e");

    private final String manager;
    private final String install;
    private final String remove;

    PackageFormat(String manager, String install, String remove) {
        this.manager = manager;
        this.install = install;
        this.remove = remove;
    }

    /** The host's package manager program. */
    public String manager() {
        return manager;
    }

    /** The install command line for a package file on the host. */
    public String installCommand(String remoteFile) {
        return install + " " + org.foosched.remote.ssh.ShellQuote.quote(remoteFile);
    }

    /** The removal command line for an installed package name. */
    public String removeCommand(String packageName) {
        return remove + " " + org.foosched.remote.ssh.ShellQuote.quote(packageName);
    }

    public static PackageFormat ofManager(String manager) {
        for (PackageFormat f : values()) {
            if (f.manager.equals(manager)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown package manager " + manager);
    }
}
