package org.foosched.remote.deploy;

import java.nio.file.Path;

/**
 * What a foosched package says about itself.
 *
 * @param file          the package file
 * @param format        DEB or RPM
 * @param name          package name
 * @param version       version as the package manager shows it (DEB {@code Version}, RPM {@code VERSION-RELEASE})
 * @param architecture  e.g. {@code amd64} / {@code x86_64}
 * @param targetRelease the kernel release ({@code uname -r}) the module is built for
 * @param module        the kernel module it installs (its {@code /sys/kernel/foosched/<module>})
 */
public record PackageInfo(Path file, PackageFormat format, String name, String version, String architecture,
                          String targetRelease, String module) {

    public String fileName() {
        return file.getFileName().toString();
    }

    /** {@code name version}, for messages. */
    public String describe() {
        return name + " " + version;
    }
}
