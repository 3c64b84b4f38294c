package org.foosched.analysis.source;

import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code foosched extract_src}: unpacks a kernel source package into a directory — Debian's
 * {@code linux-source-*.deb}, the {@code .tar.xz} inside it (or any kernel tarball), or an
 * RPM-world {@code .src.rpm}. Unpacks beside the target and renames into place, so a failed
 * or cancelled run leaves nothing; an existing non-empty directory is never overwritten.
 */
public final class SourceUnpacker {

    private final Progress progress;

    public SourceUnpacker(Progress progress) {
        this.progress = progress;
    }

    public KernelSource unpack(Path source, Path dir) {
        if (!Files.isRegularFile(source)) {
            throw new KernelSource.SourceException(source + ": no such file");
        }
        Path target = dir.toAbsolutePath().normalize();
        if (Files.exists(target) && !isEmptyDir(target)) {
            throw new KernelSource.SourceException(target + " already exists and is not empty; "
                    + "choose another directory or remove it");
        }
        Path parent = target.getParent();
        Path work = null;
        try {
            Files.createDirectories(parent);
            work = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
            Path tree = work.resolve("tree");
            Files.createDirectories(tree);
            String name = source.getFileName().toString();
            if (name.endsWith(".deb")) {
                fromDeb(source, work, tree);
            } else if (name.endsWith(".src.rpm")) {
                fromSrcRpm(source, work, tree);
            } else if (name.matches(".*\\.(tar|tar\\.xz|txz|tar\\.gz|tgz|tar\\.bz2|tar\\.zst)$")) {
                fromTarball(source, tree);
            } else {
                throw new KernelSource.SourceException(source + ": not a kernel source package "
                        + "(expected linux-source-*.deb, a .tar.xz, or a .src.rpm)");
            }
            KernelSource ks = KernelSource.at(tree);
            if (Files.exists(target)) {
                Files.delete(target);
            }
            Files.move(tree, target, StandardCopyOption.ATOMIC_MOVE);
            return new KernelSource(target, ks.version());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + source + ": " + e.getMessage(), e);
        } finally {
            if (work != null) {
                Trees.deleteTree(work);
            }
        }
    }

    private void fromDeb(Path deb, Path work, Path tree) throws IOException {
        Path x = work.resolve("deb");
        progress.step("unpack " + deb.getFileName(), -1);
        Exec.of("dpkg-deb", "-x", deb.toString(), x.toString()).cancelledBy(progress).run();
        Path tarball = findLargest(x.resolve("usr/src"), "linux-source-")
                .orElseThrow(() -> new KernelSource.SourceException(deb
                        + " holds no usr/src/linux-source-*.tar.*; is it Debian's linux-source package?"));
        fromTarball(tarball, tree);
    }

    private void fromSrcRpm(Path rpm, Path work, Path tree) throws IOException {
        Path x = work.resolve("rpm");
        Files.createDirectories(x);
        progress.step("unpack " + rpm.getFileName(), -1);
        Exec.of("sh", "-c", "rpm2cpio \"$0\" | cpio -idm --quiet", rpm.toAbsolutePath().toString())
                .in(x).cancelledBy(progress).run();
        Path tarball = findLargest(x, "linux-")
                .orElseThrow(() -> new KernelSource.SourceException(rpm + " holds no linux-*.tar.* tarball"));
        fromTarball(tarball, tree);
        try (Stream<Path> s = Files.list(x)) {
            List<String> patches = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".patch")).toList();
            if (!patches.isEmpty()) {
                progress.log("note: " + rpm.getFileName() + " carries " + patches.size()
                        + " patches that the spec file applies; apply them with 'rpmbuild -bp' if the release needs them");
            }
        }
    }

    private void fromTarball(Path tarball, Path tree) {
        progress.step("unpack " + tarball.getFileName() + " (about 15 s for a kernel)", -1);
        Exec.of("tar", "-xf", tarball.toAbsolutePath().toString(), "-C", tree.toString(), "--strip-components=1",
                "--no-same-owner").cancelledBy(progress).run();
    }

    private static Optional<Path> findLargest(Path dir, String prefix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith(prefix))
                    .filter(p -> p.getFileName().toString().matches(".*\\.tar(\\.(xz|gz|bz2|zst))?$"))
                    .max(Comparator.comparingLong(p -> p.toFile().length()));
        }
    }

    private static boolean isEmptyDir(Path p) {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

}
