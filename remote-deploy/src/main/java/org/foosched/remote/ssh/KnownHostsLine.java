package org.foosched.remote.ssh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * One trusted key in OpenSSH's {@code known_hosts} syntax: {@code hosts keytype base64 [comment]}.
 * The inventory keeps these lines per host; the host patterns are informative there (the line
 * belongs to that inventory entry), the key is what is checked.
 *
 * @param hosts   the host pattern field, e.g. {@code [127.0.0.1]:10022}
 * @param keyType e.g. {@code ssh-ed25519}
 * @param keyBlob the decoded public key
 */
public record KnownHostsLine(String hosts, String keyType, byte[] keyBlob) {

    public KnownHostsLine {
        keyBlob = keyBlob.clone();
    }

    @Override
    public byte[] keyBlob() {
        return keyBlob.clone();
    }

    public String fingerprint() {
        return HostKeyFingerprint.sha256(keyBlob);
    }

    public boolean sameKey(byte[] blob) {
        return Arrays.equals(keyBlob, blob);
    }

    /** The line in known_hosts syntax. */
    public String format() {
        return hosts + " " + keyType + " " + Base64.getEncoder().encodeToString(keyBlob);
    }

    /** The host field OpenSSH writes for an address and port. */
    public static String hostField(String address, int port) {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    public static KnownHostsLine of(String address, int port, byte[] blob) {
        return new KnownHostsLine(hostField(address, port), HostKeyFingerprint.keyType(blob), blob);
    }

    /**
     * Parses the recorded text (one or more lines; blank lines and {@code #} comments ignored).
     * Marker lines ({@code @cert-authority}, {@code @revoked}) are not supported and rejected, so
     * that a line meant to distrust a key is never read as trusting it.
     *
     * @param owner the host name, for messages
     */
    public static List<KnownHostsLine> parseAll(String text, String owner) {
        List<KnownHostsLine> lines = new ArrayList<>();
        if (text == null) {
            return lines;
        }
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("@")) {
                throw new IllegalArgumentException("host " + owner + ": known_hosts markers such as "
                        + line.split("\\s+")[0] + " are not supported; record plain host keys only");
            }
            String[] f = line.split("\\s+");
            if (f.length < 3) {
                throw new IllegalArgumentException("host " + owner + ": known_hosts line '" + line
                        + "' needs 'hosts keytype base64'; run foosched hosts trust " + owner + " --replace");
            }
            byte[] blob;
            try {
                blob = Base64.getDecoder().decode(f[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("host " + owner + ": the key in known_hosts line '"
                        + line + "' is not base64; run foosched hosts trust " + owner + " --replace");
            }
            String declared;
            try {
                declared = HostKeyFingerprint.keyType(blob);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("host " + owner + ": " + e.getMessage()
                        + " in known_hosts line '" + line + "'");
            }
            if (!declared.equals(f[1])) {
                throw new IllegalArgumentException("host " + owner + ": known_hosts line says " + f[1]
                        + " but its key is " + declared);
            }
            lines.add(new KnownHostsLine(f[0], f[1], blob));
        }
        return lines;
    }

    public static String formatAll(List<KnownHostsLine> lines) {
        return String.join("\n", lines.stream().map(KnownHostsLine::format).toList());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KnownHostsLine k && k.hosts.equals(hosts) && k.keyType.equals(keyType)
                && Arrays.equals(k.keyBlob, keyBlob);
    }

    @Override
    public int hashCode() {
        return (hosts.hashCode() * 31 + keyType.hashCode()) * 31 + Arrays.hashCode(keyBlob);
    }

    @Override
    public String toString() {
        return hosts + " " + keyType + " " + fingerprint();
    }
}
