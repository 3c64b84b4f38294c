package org.foosched.analysis.collect;

import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds the collector plugin ({@code foosched_collect.so}) from its sources for the GCC that
 * compiles the kernel, once: the result is cached under
 * {@code ~/.cache/foosched/plugin/<hash of the sources and the GCC version>/}. A plugin only
 * loads into the GCC version whose headers it was built with, hence the version in the key.
 */
public final class PluginBuilder {

    public static final String PLUGIN_FILE = "foosched_collect.so";

    /** Where the plugin sources live inside a Foosched checkout. */
    public static final Path SOURCES_IN_HOME = Path.of("analysis-core", "src", "main", "plugin");

    private final Path sourceDir;
    private final Path cacheRoot;
    private final String gcc;
    private final String cxx;

    public PluginBuilder(Path sourceDir, Path cacheRoot, String gcc, String cxx) {
        this.sourceDir = sourceDir;
        this.cacheRoot = cacheRoot;
        this.gcc = gcc;
        this.cxx = cxx;
    }

    /** Sources from the Foosched home, cache in {@code ~/.cache/foosched/plugin}, host gcc/g++. */
    public static PluginBuilder withDefaults() {
        return new PluginBuilder(fooschedHome().resolve(SOURCES_IN_HOME),
                Path.of(System.getProperty("user.home"), ".cache", "foosched", "plugin"), "gcc", "g++");
    }

    /**
     * The Foosched checkout or installation: system property {@code foosched.home}, else
     * environment variable {@code FOOSCHED_HOME}, else the current directory.
     */
    public static Path fooschedHome() {
        String home = System.getProperty("foosched.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("FOOSCHED_HOME");
        }
        if (home == null || home.isBlank()) {
            home = ".";
        }
        return Path.of(home).toAbsolutePath().normalize();
    }

    public Path sourceDir() {
        return sourceDir;
    }

    /** Returns the plugin, building it when the cache has none for these sources and this GCC. */
    public Path build(Progress progress) {
        if (!Files.isRegularFile(sourceDir.resolve("foosched_collect.cc"))
                || !Files.isRegularFile(sourceDir.resolve("Makefile"))) {
            throw new CollectException("collector plugin sources not found in " + sourceDir
                    + ": set FOOSCHED_HOME (or -Dfoosched.home) to the Foosched checkout");
        }
        String gccVersion = Exec.of(gcc, "-dumpfullversion").output();
        String gccBanner = Exec.of(gcc, "--version").output().lines().findFirst().orElse("");
        Path pluginDir = Path.of(Exec.of(gcc, "-print-file-name=plugin").output());
        if (!Files.isRegularFile(pluginDir.resolve("include").resolve("gcc-plugin.h"))) {
            String major = gccVersion.split("\\.")[0];
            throw new CollectException("GCC plugin headers for " + gcc + " " + gccVersion + " are not installed ("
                    + gcc + " -print-file-name=plugin gave '" + pluginDir + "'): install gcc-" + major
                    + "-plugin-dev");
        }
        String cxxVersion = Exec.of(cxx, "-dumpfullversion").output();
        if (!cxxVersion.equals(gccVersion)) {
            throw new CollectException(cxx + " is version " + cxxVersion + " but " + gcc + " is " + gccVersion
                    + ": build the plugin with the C++ compiler of the same GCC (install g++-"
                    + gccVersion.split("\\.")[0] + ")");
        }

        Path target = cacheRoot.resolve(key(gccBanner, pluginDir.toString(), cxxVersion));
        Path plugin = target.resolve(PLUGIN_FILE);
        if (Files.isRegularFile(plugin)) {
            progress.log("collector plugin: " + plugin + " (cached)");
            return plugin;
        }
        progress.step("Building the collector plugin", -1);
        try {
            Files.createDirectories(cacheRoot);
            Path tmp = Files.createTempDirectory(cacheRoot, ".build-");
            try {
                Exec.Result outcome = Exec.of("make", "-C", sourceDir.toString(), "O=" + tmp, "GCC=" + gcc, "CXX=" + cxx)
                        .cancelledBy(progress).keepTail(20).onLine(progress::log).runAllowingFailure();
                if (outcome.exitCode() != 0 || !Files.isRegularFile(tmp.resolve(PLUGIN_FILE))) {
                    throw new CollectException("building the collector plugin failed (exit " + outcome.exitCode()
                            + "):\n" + String.join("\n", outcome.tail()));
                }
                moveIntoPlace(tmp, target);
            } finally {
                deleteTree(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build the collector plugin in " + cacheRoot, e);
        }
        progress.log("collector plugin: " + plugin + " (built)");
        return plugin;
    }

    /** Hash of every source file (name and bytes) and of the compiler that builds and loads it. */
    private String key(String gccBanner, String pluginDir, String cxxVersion) throws UncheckedIOException {
        try (Stream<Path> files = Files.list(sourceDir)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || name.endsWith(".so") || name.endsWith(".o")) {
                    continue;
                }
                sha.update((name + "\0").getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
                sha.update((byte) 0);
            }
            sha.update((gccBanner + "\0" + pluginDir + "\0" + cxxVersion).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the plugin sources in " + sourceDir, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void moveIntoPlace(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // built concurrently by another run: same sources, same result; keep theirs
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted((a, b) -> b.getNameCount() - a.getNameCount())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }
}
