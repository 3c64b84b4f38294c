package org.foosched.remote.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A private {@code ssh-agent -D -a SOCKET} for tests, with keys added by {@code ssh-add}. */
public final class SshAgentFixture implements AutoCloseable {

    private final Path socket;
    private final Process process;

    private SshAgentFixture(Path socket, Process process) {
        this.socket = socket;
        this.process = process;
    }

    public static SshAgentFixture start(Path dir) {
        try {
            Files.createDirectories(dir);
            Path socket = dir.resolve("agent.sock");
            Process p = new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("agent.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!Files.exists(socket)) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    p.destroy();
                    throw new IllegalStateException("ssh-agent did not start: " + Files.readString(dir.resolve("agent.log")));
                }
                SshdFixture.sleep(50);
            }
            return new SshAgentFixture(socket, p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path socket() {
        return socket;
    }

    public void add(Path privateKey) {
        Processes.Result r = Processes.run(null, Map.of("SSH_AUTH_SOCK", socket.toString()), 30,
                List.of("ssh-add", privateKey.toString()));
        if (r.exitCode() != 0) {
            throw new IllegalStateException("ssh-add failed: " + r.output());
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
