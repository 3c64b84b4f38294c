package org.foosched.analysis.config;

import org.foosched.analysis.env.FooschedHome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The shipped boundary configurations, one folder per kernel line ({@code 6.1/}, later
 * {@code 6.12/}); a release picks the folder whose name is the longest common prefix of the
 * release string, the way the seed chooses (6.1.0-56-amd64 → {@code 6.1}).
 */
public final class BoundaryConfigs {

    public static final String FILE_NAME = "boundary.yaml";

    private final Path root;

    public BoundaryConfigs(Path root) {
        this.root = root;
    }

    /** The configurations shipped with this installation ({@code $FOOSCHED_HOME/boundary-configs}). */
    public static BoundaryConfigs shipped() {
        return new BoundaryConfigs(FooschedHome.path().resolve("boundary-configs"));
    }

    public Path root() {
        return root;
    }

    public List<String> lines() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(d -> Files.isRegularFile(d.resolve(FILE_NAME)))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The folder for a release, or empty when no line matches (the message lists the lines). */
    public Optional<Path> folderFor(String release) {
        return lines().stream()
                .filter(line -> matches(release, line))
                .max(Comparator.comparingInt(String::length))
                .map(root::resolve);
    }

    public Path require(String release) {
        return folderFor(release).orElseThrow(() -> new ConfigException(List.of(new ConfigProblem(root, 0,
                "no boundary configuration for kernel " + release + " (available lines: "
                        + String.join(", ", lines()) + "); add " + root.resolve("<line>/" + FILE_NAME)))));
    }

    /** A line matches when the release starts with it and the next character ends a number. */
    static boolean matches(String release, String line) {
        if (!release.startsWith(line)) {
            return false;
        }
        return release.length() == line.length() || !Character.isDigit(release.charAt(line.length()));
    }
}
