package org.foosched.analysis.kit;

/**
 * A package file in Debian's archive, as {@code apt-get download --print-uris} describes it.
 *
 * @param name     package name, e.g. {@code linux-image-6.1.0-56-amd64-dbg}
 * @param version  Debian version, e.g. {@code 6.1.192-2}
 * @param uri      where to download it
 * @param fileName the {@code .deb} file name
 * @param size     size in bytes
 * @param sha256   expected SHA-256, lower-case hex
 */
public record DebianPackage(String name, String version, String uri, String fileName, long size, String sha256) {

    /** The upstream part of a Debian version: {@code 6.1.192-2} → {@code 6.1.192}. */
    public String upstreamVersion() {
        return upstreamOf(version);
    }

    public static String upstreamOf(String debianVersion) {
        String v = debianVersion;
        int colon = v.indexOf(':');
        if (colon >= 0) {
            v = v.substring(colon + 1);
        }
        int dash = v.lastIndexOf('-');
        return dash > 0 ? v.substring(0, dash) : v;
    }
}
