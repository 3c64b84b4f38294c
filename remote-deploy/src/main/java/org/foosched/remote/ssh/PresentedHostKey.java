package org.foosched.remote.ssh;

/**
 * The host key a server presented during the handshake.
 *
 * @param type        e.g. {@code ssh-ed25519}
 * @param blob        the public key
 * @param fingerprint {@code SHA256:...}
 */
public record PresentedHostKey(String type, byte[] blob, String fingerprint) {

    public PresentedHostKey {
        blob = blob.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    public static PresentedHostKey of(byte[] blob) {
        return new PresentedHostKey(HostKeyFingerprint.keyType(blob), blob, HostKeyFingerprint.sha256(blob));
    }

    @Override
    public String toString() {
        return type + " " + fingerprint;
    }
}
