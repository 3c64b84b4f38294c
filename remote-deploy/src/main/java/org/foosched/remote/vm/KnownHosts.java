package org.foosched.remote.vm;

/** {@code known_hosts} lines as OpenSSH writes them. */
public final class KnownHosts {

    private KnownHosts() {
    }

    /** {@code [address]:port key} for a non-standard port, {@code address key} for 22. */
    public static String line(String address, int port, String key) {
        return (port == 22 ? address : "[" + address + "]:" + port) + " " + key;
    }
}
