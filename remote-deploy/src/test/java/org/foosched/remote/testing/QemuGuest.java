package org.foosched.remote.testing;

import org.foosched.remote.hosts.Host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A minimal test host: Debian's stock kernel from the kit under QEMU (TCG, 2 vCPUs, 1 GiB)
 * with an initramfs holding busybox, OpenSSH's sshd, dpkg and the virtio network modules
 * ({@code src/test/resources/guest/make-initramfs.sh}); its port 22 forwarded to a loopback
 * port. A stand-in for the project's testbed VM until that is available to these tests.
 */
public final class QemuGuest implements AutoCloseable {

    private static final String READY = "FOOSCHED-GUEST-READY";

    private final Process qemu;
    private final Path dir;
    private final int port;
    private final Path clientKey;
    private final Path hostKey;
    private final Thread reaper;
    private long bootMillis;

    private QemuGuest(Process qemu, Path dir, int port, Path clientKey, Path hostKey) {
        this.qemu = qemu;
        this.dir = dir;
        this.port = port;
        this.clientKey = clientKey;
        this.hostKey = hostKey;
        // never leave a QEMU behind, even when the test JVM is stopped
        this.reaper = new Thread(qemu::destroyForcibly, "qemu-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    public static QemuGuest boot(KernelKit kit, Path dir) {
        try {
            Files.createDirectories(dir);
            Path hostKey = dir.resolve("guest_host_key");
            Path clientKey = dir.resolve("client_key");
            Files.deleteIfExists(hostKey);
            Files.deleteIfExists(Path.of(hostKey + ".pub"));
            Files.deleteIfExists(clientKey);
            Files.deleteIfExists(Path.of(clientKey + ".pub"));
            Processes.keyPair(hostKey);
            Processes.keyPair(clientKey);
            Path initrd = dir.resolve("initrd.cpio.gz");
            Processes.check(null, "bash", script().toString(), initrd.toString(), kit.root().toString(), kit.release(),
                    hostKey.toString(), clientKey + ".pub");

            int port = SshdFixture.freePort();
            Path console = dir.resolve("console.log");
            Files.deleteIfExists(console);
            long start = System.nanoTime();
            Process p = new ProcessBuilder(List.of("qemu-system-x86_64", "-accel", "tcg", "-smp", "2", "-m", "1024",
                    "-display", "none", "-monitor", "none", "-serial", "file:" + console, "-no-reboot",
                    "-kernel", kit.vmlinuz().toString(), "-initrd", initrd.toString(),
                    "-append", "console=ttyS0 panic=-1 quiet",
                    "-netdev", "user,id=n0,hostfwd=tcp:127.0.0.1:" + port + "-:22",
                    "-device", "virtio-net-pci,netdev=n0"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("qemu.log").toFile()).start();
            QemuGuest g = new QemuGuest(p, dir, port, clientKey, hostKey);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (!(Files.exists(console) && Files.readString(console).contains(READY))) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String tail = Files.exists(console) ? Files.readString(console) : "(no console output)";
                    g.close();
                    throw new IllegalStateException("the QEMU guest did not come up: " + tail.substring(Math.max(0, tail.length() - 3000))
                            + "\nqemu: " + Files.readString(dir.resolve("qemu.log")));
                }
                Thread.sleep(200);
            }
            g.bootMillis = (System.nanoTime() - start) / 1_000_000;
            return g;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path script() throws IOException {
        java.net.URL url = QemuGuest.class.getResource("/guest/make-initramfs.sh");
        if (url == null) {
            throw new IllegalStateException("guest/make-initramfs.sh missing from the test classpath");
        }
        if (url.getProtocol().equals("file")) {
            try {
                return Path.of(url.toURI());
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        // from the test jar (the app module's tests): copy it out
        Path copy = Files.createTempFile("make-initramfs", ".sh");
        try (java.io.InputStream in = url.openStream()) {
            Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        copy.toFile().deleteOnExit();
        return copy;
    }

    public int port() {
        return port;
    }

    public long bootMillis() {
        return bootMillis;
    }

    public Path clientKey() {
        return clientKey;
    }

    public Path hostPublicKey() {
        return Path.of(hostKey + ".pub");
    }

    /** The guest as an inventory host, its key not trusted yet. */
    public Host host(String name) {
        return new Host(name, "127.0.0.1", port, "root", clientKey.toString(), null, List.of("vm"));
    }

    public String console() {
        try {
            return Files.readString(dir.resolve("console.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        qemu.destroy();
        try {
            if (!qemu.waitFor(10, TimeUnit.SECONDS)) {
                qemu.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            qemu.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // shutting down: the hook runs anyway
        }
    }
}
