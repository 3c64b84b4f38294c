package org.foosched.analysis.collect;

import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.facts.FactsFile;
import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Collects facts about kernel translation units by compiling only those units, with the
 * collector plugin, in an out-of-tree kbuild directory:
 * <ol>
 * <li>checks the source tree is a clean kernel tree (it is only read);</li>
 * <li>prepares the build directory once ({@link BuildDirectory});</li>
 * <li>{@code make O=... -j2 KCFLAGS="-fplugin=..." kernel/sched/core.o ...}, streaming the
 *     compiler's output to the progress log;</li>
 * <li>moves the facts files into the facts directory (each complete, by rename) and reads each
 *     unit's dependencies from kbuild's command files.</li>
 * </ol>
 * Nothing is published when a unit fails to compile or the user cancels.
 */
public final class KernelCollector {

    /** Where the plugin writes, inside the build dir: a fixed path keeps KCFLAGS, and so kbuild's
     *  recorded commands, identical between runs, so kbuild does not rebuild its helpers. */
    static final String STAGING = ".foosched-facts";

    private static final Pattern CC_LINE = Pattern.compile("^\\s+CC\\s+(\\S+\\.o)$");

    private final int jobs;

    public KernelCollector() {
        this(2);
    }

    /** @param jobs parallel compiler jobs ({@code make -j}) */
    public KernelCollector(int jobs) {
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1");
        }
        this.jobs = jobs;
    }

    public CollectResult collect(CollectRequest request, Progress progress) {
        progress.step("Checking the kernel source tree", -1);
        Path tree = KernelSourceTree.requireClean(request.sourceTree());
        Path buildDir = request.buildDir().toAbsolutePath().normalize();
        Path plugin = request.plugin().toAbsolutePath().normalize();
        KernelSourceTree.requireNoBlanks("kernel source tree", tree);
        KernelSourceTree.requireNoBlanks("build directory", buildDir);
        KernelSourceTree.requireNoBlanks("collector plugin", plugin);
        if (!Files.isRegularFile(request.config())) {
            throw new CollectException("kernel config " + request.config() + " does not exist");
        }
        if (!Files.isRegularFile(plugin)) {
            throw new CollectException("collector plugin " + plugin + " does not exist: build it first "
                    + "(PluginBuilder)");
        }
        List<String> objects = new ArrayList<>();
        for (String unit : request.units()) {
            if (!unit.endsWith(".c") || unit.startsWith("/") || unit.contains("..")
                    || !Files.isRegularFile(tree.resolve(unit))) {
                throw new CollectException("unit '" + unit + "' is not a .c file of " + tree
                        + " (give paths like kernel/sched/core.c)");
            }
            objects.add(unit.substring(0, unit.length() - 2) + ".o");
        }
        progress.checkCancelled();

        try (BuildDirectoryLock lock = BuildDirectoryLock.acquire(buildDir)) {
            Duration prepareTime = new BuildDirectory(tree, request.config(), buildDir, jobs).prepare(progress);
            progress.checkCancelled();

            Path staging = buildDir.resolve(STAGING);
            Map<String, Instant> started = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            try {
                PluginBuilder.deleteTree(staging);
                Files.createDirectories(staging);
                // kbuild skips objects whose command did not change; the plugin must see them all
                for (String object : objects) {
                    Files.deleteIfExists(buildDir.resolve(object));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare " + staging, e);
            }
            compile(tree, buildDir, plugin, staging, objects, started, progress);
            Duration compileTime = Duration.ofNanos(System.nanoTime() - start);

            List<UnitFacts> units = publish(request, tree, buildDir, staging, objects, started);
            return new CollectResult(units, prepareTime.isZero(), prepareTime, compileTime);
        }
    }

    private void compile(Path tree, Path buildDir, Path plugin, Path staging, List<String> objects,
                         Map<String, Instant> started, Progress progress) {
        // GCC names a plugin's arguments after its file: foosched_collect.so -> foosched_collect
        String name = plugin.getFileName().toString().replaceFirst("\\.so$", "");
        String kcflags = "-fplugin=" + plugin
                + " -fplugin-arg-" + name + "-srctree=" + tree
                + " -fplugin-arg-" + name + "-out=" + staging;
        List<String> command = new ArrayList<>(List.of("make", "-C", tree.toString(), "O=" + buildDir,
                "-j" + jobs, "KCFLAGS=" + kcflags));
        command.addAll(objects);
        progress.step("Compiling " + objects.size() + " units with the collector plugin", 0);
        List<CompilerDiagnostic> errors = new ArrayList<>();
        Exec.Result outcome = Exec.of(command).cancelledBy(progress).keepTail(15).onLine(line -> {
            progress.log(line);
            Matcher cc = CC_LINE.matcher(line);
            if (cc.matches() && objects.contains(cc.group(1))) {
                started.put(cc.group(1), Instant.now());
                progress.step("Compiling " + cc.group(1).replaceFirst("\\.o$", ".c") + " with the collector plugin",
                        (double) started.size() / (objects.size() + 1));
            }
            CompilerDiagnostic.parse(line).filter(CompilerDiagnostic::isError).ifPresent(d -> {
                synchronized (errors) {
                    errors.add(d.relativeTo(tree.toString()));
                }
            });
        }).runAllowingFailure();
        if (outcome.exitCode() != 0) {
            StringBuilder message = new StringBuilder("compiling " + String.join(", ", objects)
                    + " with the collector plugin failed (make exit " + outcome.exitCode() + ")");
            synchronized (errors) {
                if (errors.isEmpty()) {
                    message.append(":\n").append(String.join("\n", outcome.tail()));
                } else {
                    errors.stream().limit(20).forEach(e -> message.append("\n  ").append(e));
                    if (errors.size() > 20) {
                        message.append("\n  ... ").append(errors.size() - 20).append(" more errors");
                    }
                }
            }
            throw new CollectException(message.append("\nthe full compiler output is in the log").toString());
        }
    }

    private static List<UnitFacts> publish(CollectRequest request, Path tree, Path buildDir, Path staging,
                                           List<String> objects, Map<String, Instant> started) {
        List<UnitFacts> units = new ArrayList<>();
        List<Path> staged = new ArrayList<>();
        try {
            // everything that can fail first, so that a failure publishes nothing
            for (int i = 0; i < objects.size(); i++) {
                String unit = request.units().get(i);
                Path file = staging.resolve(FactsFile.fileNameOf(unit));
                if (!Files.isRegularFile(file)) {
                    throw new CollectException("the collector plugin wrote no facts for " + unit + " (expected "
                            + file + "): was the plugin loaded?");
                }
                Instant written = Files.getLastModifiedTime(file).toInstant();
                Instant begun = started.get(objects.get(i));
                Duration time = begun == null || written.isBefore(begun) ? Duration.ZERO
                        : Duration.between(begun, written);
                KbuildDependencies.Split deps = KbuildDependencies.read(
                        KbuildDependencies.commandFile(buildDir, objects.get(i)), tree, buildDir);
                staged.add(file);
                units.add(new UnitFacts(unit, request.factsDir().resolve(file.getFileName()),
                        deps.sourceFiles(), deps.buildFiles(), time));
            }
            Files.createDirectories(request.factsDir());
            for (int i = 0; i < staged.size(); i++) {
                moveInto(staged.get(i), units.get(i).factsFile());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write facts into " + request.factsDir(), e);
        }
        return units;
    }

    /** Copies next to the target first when they are on different file systems, then renames. */
    private static void moveInto(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Path tmp = Files.createTempFile(to.getParent(), "." + to.getFileName(), ".tmp");
            try {
                Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
