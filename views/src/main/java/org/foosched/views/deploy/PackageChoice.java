package org.foosched.views.deploy;

import org.foosched.remote.deploy.PackageFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Which package a deploy installs: a file the user chose, or else the workspace's latest build
 * of the chosen format — the newest {@code *.rpm} or {@code *.deb} in {@code working/packages/},
 * where {@code foosched build} and the Build panel put them.
 *
 * @param packagesDir the workspace's {@code working/packages}, or {@code null} without a workspace
 * @param format      the format taken from the workspace
 * @param chosenFile  a package file chosen by hand, or {@code null}
 */
public record PackageChoice(Path packagesDir, PackageFormat format, Path chosenFile) {

    /** The file to deploy; a clear message when there is none. */
    public Path resolve() {
        if (chosenFile != null) {
            if (!Files.isRegularFile(chosenFile)) {
                throw new IllegalArgumentException("the chosen package " + chosenFile + " does not exist; choose another");
            }
            return chosenFile;
        }
        if (packagesDir == null) {
            throw new IllegalArgumentException("no workspace is open and no package file is chosen; choose a package file");
        }
        return latest(packagesDir, format).orElseThrow(() -> new IllegalArgumentException("no "
                + format + " package in " + packagesDir + " yet: build one (Build panel, with RPM and DEB packages) "
                + "or choose a package file"));
    }

    /** What the panel says about the choice, without failing. */
    public String describe() {
        try {
            Path p = resolve();
            return chosenFile != null ? p.toString() : p.getFileName() + " (the workspace's latest " + format + ")";
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** The newest package of the format in the directory (by modification time, then name). */
    public static Optional<Path> latest(Path dir, PackageFormat format) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        String suffix = "." + format.name().toLowerCase(Locale.ROOT);
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p))
                    .max(Comparator.comparing(PackageChoice::modified).thenComparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
