package org.foosched.remote.deploy;

/**
 * A foosched package the host's package manager knows.
 *
 * @param format        which package manager holds it
 * @param name          package name
 * @param version       installed version
 * @param state         {@code installed}, or dpkg's word for a partial state ({@code half-configured}
 *                      after a failed postinst, {@code unpacked}, {@code half-installed}, ...)
 * @param module        the module it installs
 * @param targetRelease the kernel release it is built for, when recorded
 */
public record InstalledPackage(PackageFormat format, String name, String version, String state, String module,
                               String targetRelease) {

    public boolean fullyInstalled() {
        return state.equals("installed");
    }
}
