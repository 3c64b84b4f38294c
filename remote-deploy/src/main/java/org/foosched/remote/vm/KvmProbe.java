package org.foosched.remote.vm;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tells whether KVM really boots a kernel here, without ever waiting long: on some machines
 * {@code /dev/kvm} exists but a KVM guest hangs before printing anything. The probe boots the
 * image's kernel with no root disk and looks for its first console line within a few seconds,
 * then kills the probe QEMU whatever happened.
 */
public final class KvmProbe {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(4);

    private KvmProbe() {
    }

    public static boolean kvmBoots(Path kernel, Path workDir, Duration timeout) {
        File kvm = new File("/dev/kvm");
        if (!kvm.exists() || !kvm.canRead() || !kvm.canWrite()) {
            return false;
        }
        Path log = workDir.resolve("kvm-probe.log");
        Process p = null;
        try {
            Files.createDirectories(workDir);
            Files.deleteIfExists(log);
            p = new ProcessBuilder(List.of(QemuCommand.QEMU, "-accel", "kvm", "-cpu", "host", "-m", "256",
                    "-nodefaults", "-display", "none", "-no-reboot", "-kernel", kernel.toString(),
                    "-append", "console=ttyS0 panic=-1", "-serial", "file:" + log))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (Files.exists(log) && Files.readString(log, StandardCharsets.ISO_8859_1).contains("Linux version")) {
                    return true;
                }
                if (!p.isAlive()) {
                    return false;
                }
                Thread.sleep(100);
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            if (p != null) {
                p.destroyForcibly();
                try {
                    p.waitFor(2, TimeUnit.SECONDS); // never block longer; a stuck process is reported by stop
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            try {
                Files.deleteIfExists(log);
            } catch (IOException ignored) {
                // only a probe log
            }
        }
    }
}
