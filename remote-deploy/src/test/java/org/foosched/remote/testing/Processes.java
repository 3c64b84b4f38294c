package org.foosched.remote.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs local helper programs in tests (ssh-keygen, ssh-add, make, packaging scripts). */
public final class Processes {

    private Processes() {
    }

    public record Result(int exitCode, String output) {
    }

    public static Result run(Path dir, Map<String, String> env, long timeoutSeconds, List<String> command) {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(command + " did not finish within " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs the command and returns its output; fails the test when it exits non-zero. */
    public static String check(Path dir, String... command) {
        Result r = run(dir, Map.of(), 600, List.of(command));
        if (r.exitCode() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exitCode() + "):\n" + r.output());
        }
        return r.output();
    }

    /** An ed25519 key pair without passphrase at {@code file} and {@code file.pub}. */
    public static Path keyPair(Path file) {
        check(null, "ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "foosched-test", "-f", file.toString());
        return file;
    }

    /** {@code SHA256:...} as ssh-keygen computes it: an independent check of our fingerprints. */
    public static String fingerprint(Path publicKey) {
        String out = check(null, "ssh-keygen", "-l", "-E", "sha256", "-f", publicKey.toString());
        return out.split("\\s+")[1];
    }
}
