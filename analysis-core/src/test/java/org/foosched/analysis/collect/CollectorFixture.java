package org.foosched.analysis.collect;

import org.foosched.analysis.facts.Body;
import org.foosched.analysis.facts.Loc;
import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The kernel-shaped C fixture under {@code src/test/resources/collector-fixture}: copies it to a
 * scratch directory, compiles its units with plain gcc (with or without the plugin), and finds
 * expected positions in its text, so tests compare the plugin's facts with the source itself.
 */
final class CollectorFixture {

    private static Path plugin;

    final Path tree;

    private CollectorFixture(Path tree) {
        this.tree = tree;
    }

    /** The plugin, built once per test JVM into the user's plugin cache. */
    static synchronized Path plugin() {
        if (plugin == null) {
            plugin = PluginBuilder.withDefaults().build(Progress.NONE);
        }
        return plugin;
    }

    static CollectorFixture copyTo(Path dir) throws IOException {
        Path source;
        try {
            source = Path.of(CollectorFixture.class.getResource("/collector-fixture").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Path tree = dir.resolve("collector-fixture");
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = tree.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return new CollectorFixture(tree);
    }

    /** What a gcc run printed, separately, and how it ended. */
    record GccRun(int exitCode, String stdout, String stderr) {
    }

    /** {@code gcc -c -O2 -g unit -o object}, with the plugin when {@code factsDir} is given. */
    GccRun compile(String unit, Path object, Path factsDir, String... extraArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of("gcc", "-c", "-O2", "-g", "-Iinclude"));
        if (factsDir != null) {
            command.add("-fplugin=" + plugin());
            command.add("-fplugin-arg-foosched_collect-srctree=" + tree);
            command.add("-fplugin-arg-foosched_collect-out=" + factsDir);
        }
        command.addAll(List.of(extraArgs));
        command.addAll(List.of(unit, "-o", object.toString()));
        Path out = Files.createTempFile("gcc", ".out");
        Path err = Files.createTempFile("gcc", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(tree.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("gcc hung: " + command);
            }
            return new GccRun(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    List<String> lines(String file) {
        try {
            return Files.readAllLines(tree.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The position of {@code token} on the only line of {@code file} containing {@code lineText}. */
    Loc loc(String file, String lineText, String token) {
        List<String> lines = lines(file);
        int found = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(lineText)) {
                if (found >= 0) {
                    throw new IllegalArgumentException("'" + lineText + "' is on several lines of " + file);
                }
                found = i;
            }
        }
        if (found < 0) {
            throw new IllegalArgumentException("'" + lineText + "' is not in " + file);
        }
        int col = lines.get(found).indexOf(token);
        if (col < 0) {
            throw new IllegalArgumentException("'" + token + "' is not on line " + (found + 1) + " of " + file);
        }
        return new Loc(file, found + 1, col + 1);
    }

    /** The braces of the body that follows {@code name}: the first '{' after it and its match. */
    Body bodyAfter(Loc name) {
        List<String> lines = lines(name.file());
        Loc open = null;
        int depth = 0;
        for (int i = name.line() - 1; i < lines.size(); i++) {
            String line = lines.get(i);
            for (int c = i == name.line() - 1 ? name.col() - 1 : 0; c < line.length(); c++) {
                char ch = line.charAt(c);
                if (ch == '{') {
                    if (open == null) {
                        open = new Loc(name.file(), i + 1, c + 1);
                    }
                    depth++;
                } else if (ch == '}' && open != null && --depth == 0) {
                    return new Body(open, new Loc(name.file(), i + 1, c + 1));
                }
            }
        }
        throw new IllegalArgumentException("no body after " + name);
    }

    /** The character at a position, to check that a brace position really is a brace. */
    char charAt(Loc loc) {
        return lines(loc.file()).get(loc.line() - 1).charAt(loc.col() - 1);
    }
}
