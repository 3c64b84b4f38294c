package org.foosched.app.cli;

import org.foosched.analysis.proc.Exec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Checks a module's appended signature ({@code scripts/sign-file}'s layout: the module, the
 * PKCS#7 signature, a 12-byte {@code struct module_signature} ending in the signature's
 * big-endian length, and the magic line) with openssl against the signing certificate.
 */
final class ModuleSignatures {

    private static final byte[] MAGIC = "~Module signature appended~\n".getBytes(StandardCharsets.US_ASCII);
    private static final int INFO = 12;

    private ModuleSignatures() {
    }

    /** Throws unless {@code ko} carries a signature over its contents that {@code cert} verifies. */
    static void verify(Path ko, Path cert) throws IOException {
        byte[] b = Files.readAllBytes(ko);
        int end = b.length - MAGIC.length;
        if (end < INFO || !Arrays.equals(b, end, b.length, MAGIC, 0, MAGIC.length)) {
            throw new AssertionError(ko + " has no appended module signature");
        }
        int sigLen = ByteBuffer.wrap(b, end - 4, 4).getInt();
        int sigEnd = end - INFO;
        int dataEnd = sigEnd - sigLen;
        Path dir = Files.createTempDirectory("modsig");
        Path sig = Files.write(dir.resolve("sig.der"), Arrays.copyOfRange(b, dataEnd, sigEnd));
        Path data = Files.write(dir.resolve("data"), Arrays.copyOfRange(b, 0, dataEnd));
        // exits non-zero (Exec throws) when the signature does not match the contents or the certificate
        Exec.of("openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in", sig.toString(), "-content",
                data.toString(), "-certfile", cert.toString(), "-CAfile", cert.toString(), "-purpose", "any",
                "-out", "/dev/null").run();
    }
}
