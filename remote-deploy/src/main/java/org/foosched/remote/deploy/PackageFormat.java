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

    /**
     * The install command line for a package file on the host. On a dpkg-based host whose rpm
     * database knows nothing of the system (Debian with the rpm tool), an RPM's requirements
     * such as {@code /bin/sh} cannot be satisfied from that database, so they are not checked.
     */
    public String installCommand(String remoteFile) {
        String file = org.foosched.remote.ssh.ShellQuote.quote(remoteFile);
        if (this == RPM) {
            return "if command -v dpkg >/dev/null 2>&1 && ! rpm -q --whatprovides /bin/sh >/dev/null 2>&1; "
                    + "then rpm -ivh --nodeps " + file + "; else rpm -ivh " + file + "; fi";
        }
        return install + " " + file;
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
