package org.foosched.analysis.collect;

import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Kbuild's output directory, prepared once for a source tree and a config:
 * {@code cp config O/.config; make O=... olddefconfig; make O=... modules_prepare}. A stamp
 * file records the inputs; the preparation is redone only when the config, the source tree
 * (its path and top Makefile) or the compiler changed. The stamp is removed before and written
 * after the work, so an interrupted preparation is redone.
 */
final class BuildDirectory {

    static final String STAMP = ".foosched-prepared";

    private final Path sourceTree;
    private final Path config;
    private final Path dir;
    private final int jobs;

    BuildDirectory(Path sourceTree, Path config, Path dir, int jobs) {
        this.sourceTree = sourceTree;
        this.config = config;
        this.dir = dir;
        this.jobs = jobs;
    }

    /** Prepares the directory unless already prepared for the same inputs; returns the time spent. */
    Duration prepare(Progress progress) {
        String key = key();
        Path stamp = dir.resolve(STAMP);
        try {
            if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(key)
                    && Files.isRegularFile(dir.resolve(".config"))) {
                progress.log("build directory " + dir + " is prepared (same config, source and compiler)");
                return Duration.ZERO;
            }
            long start = System.nanoTime();
            progress.step("Preparing the kernel build directory (olddefconfig, modules_prepare)", -1);
            Files.createDirectories(dir);
            Files.deleteIfExists(stamp);
            Path tmp = Files.createTempFile(dir, ".config", ".tmp");
            Files.copy(config, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, dir.resolve(".config"), StandardCopyOption.REPLACE_EXISTING);
            make(progress, "olddefconfig");
            make(progress, "-j" + jobs, "modules_prepare");
            Trees.writeAtomically(stamp, key);
            return Duration.ofNanos(System.nanoTime() - start);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the build directory " + dir, e);
        }
    }

    private void make(Progress progress, String... targets) {
        List<String> command = new java.util.ArrayList<>(List.of("make", "-C", sourceTree.toString(), "O=" + dir));
        command.addAll(List.of(targets));
        Exec.Result outcome = Exec.of(command).cancelledBy(progress).keepTail(15).onLine(progress::log)
                .runAllowingFailure();
        if (outcome.exitCode() != 0) {
            throw new CollectException("'make " + String.join(" ", targets) + "' failed in " + dir + " (exit "
                    + outcome.exitCode() + "):\n" + String.join("\n", outcome.tail()));
        }
    }

    private String key() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(Files.readAllBytes(config));
            sha.update((byte) 0);
            sha.update(sourceTree.toString().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(Files.readAllBytes(sourceTree.resolve("Makefile")));
            sha.update((byte) 0);
            sha.update(Exec.of("gcc", "--version").output().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + config, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
