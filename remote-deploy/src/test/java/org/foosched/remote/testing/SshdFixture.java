package org.foosched.remote.testing;

import org.foosched.remote.hosts.Host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH server for tests: {@code /usr/sbin/sshd -D -e -f config} on a free loopback
 * port, with its own host key, authorized key and config in a temporary directory.
 */
public final class SshdFixture implements AutoCloseable {

    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    private final Path dir;
    private final int port;
    private final Path hostKey;
    private final Path clientKey;
    private final Process process;

    private SshdFixture(Path dir, int port, Path hostKey, Path clientKey, Process process) {
        this.dir = dir;
        this.port = port;
        this.hostKey = hostKey;
        this.clientKey = clientKey;
        this.process = process;
    }

    /** Starts sshd with fresh host and client keys under {@code dir}. */
    public static SshdFixture start(Path dir) {
        try {
            Files.createDirectories(dir);
            Path hostKey = dir.resolve("host_ed25519");
            if (!Files.exists(hostKey)) {
                Processes.keyPair(hostKey);
            }
            Path clientKey = dir.resolve("client_ed25519");
            if (!Files.exists(clientKey)) {
                Processes.keyPair(clientKey);
            }
            Files.copy(Path.of(clientKey + ".pub"), dir.resolve("authorized_keys"),
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return startWith(dir, hostKey, clientKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SshdFixture startWith(Path dir, Path hostKey, Path clientKey) throws IOException {
        if (!Files.isExecutable(SSHD)) {
            throw new IllegalStateException(SSHD + " is missing: install openssh-server (.ci/setup-host.sh does)");
        }
        // sshd insists on its privilege separation directory even for a private instance
        Files.createDirectories(Path.of("/run/sshd"));
        int port = freePort();
        Path config = dir.resolve("sshd_config");
        Files.writeString(config, String.join("\n", List.of(
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + hostKey,
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "PermitRootLogin prohibit-password",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "StrictModes no",
                "UseDNS no",
                "Subsystem sftp internal-sftp",
                "LogLevel INFO",
                "")));
        Process p = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("sshd.log").toFile())
                .start();
        SshdFixture f = new SshdFixture(dir, port, hostKey, clientKey, p);
        f.awaitBanner();
        return f;
    }

    private void awaitBanner() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                s.setSoTimeout(2000);
                InputStream in = s.getInputStream();
                byte[] banner = in.readNBytes(7);
                if (new String(banner, StandardCharsets.US_ASCII).startsWith("SSH-2.0")) {
                    return;
                }
            } catch (IOException e) {
                sleep(100);
            }
        }
        throw new IllegalStateException("sshd did not listen on port " + port + ": " + Files.readString(dir.resolve("sshd.log")));
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path clientKey() {
        return clientKey;
    }

    public Path hostPublicKey() {
        return Path.of(hostKey + ".pub");
    }

    /** The known_hosts line of this server's key, as OpenSSH would record it. */
    public String knownHostsLine() {
        try {
            String[] pub = Files.readString(hostPublicKey()).strip().split("\\s+");
            return "[127.0.0.1]:" + port + " " + pub[0] + " " + pub[1];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An inventory host for this server: key auth, host key trusted. */
    public Host host(String name) {
        return new Host(name, "127.0.0.1", port, System.getProperty("user.name"), clientKey.toString(),
                knownHostsLine(), List.of());
    }

    public String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
