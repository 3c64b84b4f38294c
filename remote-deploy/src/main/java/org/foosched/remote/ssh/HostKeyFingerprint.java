package org.foosched.remote.ssh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** OpenSSH-style fingerprints and key types of SSH public key blobs. */
public final class HostKeyFingerprint {

    private HostKeyFingerprint() {
    }

    /** {@code SHA256:} and the unpadded base64 of the blob's SHA-256, as {@code ssh-keygen -l} prints it. */
    public static String sha256(byte[] keyBlob) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(keyBlob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The key type a blob declares in its first field, e.g. {@code ssh-ed25519}. */
    public static String keyType(byte[] keyBlob) {
        ByteBuffer b = ByteBuffer.wrap(keyBlob);
        if (b.remaining() < 4) {
            throw new IllegalArgumentException("not an SSH public key blob (too short)");
        }
        int len = b.getInt();
        if (len <= 0 || len > b.remaining() || len > 64) {
            throw new IllegalArgumentException("not an SSH public key blob (bad type length " + len + ")");
        }
        byte[] type = new byte[len];
        b.get(type);
        return new String(type, StandardCharsets.US_ASCII);
    }
}
