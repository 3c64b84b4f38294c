package org.foosched.analysis.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Reads the files a kbuild object was compiled from out of its command file
 * ({@code kernel/sched/.core.o.cmd}): the {@code source_} line and the {@code deps_} list that
 * fixdep writes from GCC's {@code -MMD} output. The {@code $(wildcard include/config/...)}
 * entries are Kconfig symbols, not files, and are skipped.
 */
final class KbuildDependencies {

    /** Dependencies split by where they live. */
    record Split(List<String> sourceFiles, List<String> buildFiles) {
    }

    private KbuildDependencies() {
    }

    /** The command file kbuild writes next to {@code object} (relative to the build dir). */
    static Path commandFile(Path buildDir, String object) {
        Path obj = buildDir.resolve(object);
        return obj.resolveSibling("." + obj.getFileName() + ".cmd");
    }

    static Split read(Path cmdFile, Path sourceTree, Path buildDir) {
        List<String> lines;
        try {
            lines = Files.readAllLines(cmdFile);
        } catch (NoSuchFileException e) {
            throw new CollectException("kbuild wrote no command file " + cmdFile + ": the object was not built", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + cmdFile, e);
        }
        List<String> paths = new ArrayList<>();
        boolean inDeps = false;
        for (String line : lines) {
            if (line.startsWith("source_")) {
                paths.add(line.substring(line.indexOf(":=") + 2).trim());
                continue;
            }
            if (line.startsWith("deps_")) {
                inDeps = true;
                continue;
            }
            if (!inDeps) {
                continue;
            }
            String entry = line.trim();
            if (entry.isEmpty()) {
                break;      // the list ends with a blank line
            }
            if (entry.endsWith("\\")) {
                entry = entry.substring(0, entry.length() - 1).trim();
            }
            if (!entry.isEmpty() && !entry.startsWith("$(wildcard")) {
                paths.add(entry);
            }
        }
        if (paths.isEmpty()) {
            throw new CollectException(cmdFile + " lists no dependencies: is it a kbuild command file?");
        }
        Path tree = sourceTree.toAbsolutePath().normalize();
        Path build = buildDir.toAbsolutePath().normalize();
        TreeSet<String> source = new TreeSet<>();
        TreeSet<String> generated = new TreeSet<>();
        for (String p : paths) {
            Path path = Path.of(p);
            Path absolute = (path.isAbsolute() ? path : build.resolve(path)).normalize();
            if (absolute.startsWith(tree)) {
                source.add(tree.relativize(absolute).toString());
            } else if (absolute.startsWith(build)) {
                generated.add(build.relativize(absolute).toString());
            }
        }
        return new Split(List.copyOf(source), List.copyOf(generated));
    }
}
