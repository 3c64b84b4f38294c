package org.foosched.views.testing;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.build.ModuleKbuild;
import org.foosched.analysis.collect.PluginBuilder;
import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.config.BoundaryConfigLoader;
import org.foosched.analysis.extract.Extractor;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.pipeline.AnalysisSession;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.report.BoundaryReport;
import org.foosched.analysis.workspace.Workspace;
import org.foosched.analysis.workspace.WorkspaceInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real, small workspace for the workbench's tests, made the way {@code foosched init} makes
 * one, from {@code src/test/resources/workbench-fixture}: the scheduler units are compiled by
 * the host gcc with the real collector plugin (facts), the whole tree is linked with
 * {@code --emit-relocs} into the fixture's "vmlinux", then the real {@code Analyzer} and
 * {@code Extractor} write {@code kernel/sched/mod}, the pristine copy, the reports and
 * {@code workspace.json}. The release's kbuild is stood in for by {@code headers/Makefile},
 * which compiles the module's sources with the host gcc.
 *
 * <p>The template is built once per test JVM under {@code target/workbench-fixture}; each test
 * takes a {@link #copy} it may edit.
 */
public final class FixtureWorkspace {

    public static final String RELEASE = "6.1.0-0-fixture";
    public static final List<String> UNITS = List.of("kernel/sched/core.c", "kernel/sched/fair.c");
    private static final List<String> OTHERS = List.of("kernel/fork.c", "kernel/kthread.c", "kernel/futex.c",
            "kernel/time/timer.c", "init/main.c");
    private static final List<String> CFLAGS = List.of("-O2", "-g", "-Iinclude", "-fno-pic", "-fno-pie",
            "-fno-asynchronous-unwind-tables", "-fno-unwind-tables", "-fno-stack-protector", "-fcf-protection=none");

    private static Path template;

    private FixtureWorkspace() {
    }

    /** A fresh copy of the fixture workspace in {@code dir} (which must not exist or be empty). */
    public static Path copy(Path dir) {
        Path t = template();
        Trees.copyTree(t.resolve("workspace"), dir);
        return dir;
    }

    /** The kernel-shaped source tree the workspace was extracted from. */
    public static Path sourceTree() {
        return template().resolve("tree");
    }

    /** Builds the template once: tree, facts, vmlinux, workspace. */
    public static synchronized Path template() {
        if (template != null) {
            return template;
        }
        try {
            Path root = Path.of("target", "workbench-fixture").toAbsolutePath();
            Trees.deleteTree(root);
            Path tree = root.resolve("tree");
            copyResources(tree);
            Path ws = root.resolve("workspace");
            Workspace workspace = new Workspace(ws);
            Files.createDirectories(workspace.working());
            Path facts = workspace.factsDir();
            Files.createDirectories(facts);
            Path objs = Files.createDirectories(root.resolve("objs"));

            Path plugin = PluginBuilder.withDefaults().build(Progress.NONE);
            List<String> objects = new ArrayList<>();
            for (String unit : UNITS) {
                Path o = objs.resolve(unit.replace('/', '_') + ".o");
                List<String> cmd = new ArrayList<>(List.of("gcc", "-c"));
                cmd.addAll(CFLAGS);
                cmd.addAll(List.of("-fplugin=" + plugin, "-fplugin-arg-foosched_collect-srctree=" + tree,
                        "-fplugin-arg-foosched_collect-out=" + facts, unit, "-o", o.toString()));
                run(tree, cmd);
                objects.add(o.toString());
            }
            for (String other : OTHERS) {
                Path o = objs.resolve(other.replace('/', '_') + ".o");
                List<String> cmd = new ArrayList<>(List.of("gcc", "-c"));
                cmd.addAll(CFLAGS);
                cmd.addAll(List.of(other, "-o", o.toString()));
                run(tree, cmd);
                objects.add(o.toString());
            }
            Path vmlinux = root.resolve("vmlinux");
            List<String> link = new ArrayList<>(List.of("gcc", "-nostdlib", "-no-pie", "-static", "-Wl,--emit-relocs",
                    "-Wl,-T,vmlinux.lds", "-o", vmlinux.toString()));
            link.addAll(objects);
            run(tree, link);

            Files.copy(tree.resolve("boundary.yaml"), workspace.configFile());
            BoundaryConfig config = new BoundaryConfigLoader().load(workspace.configFile());
            AnalysisSession session = AnalysisSession.load(facts, vmlinux, null, UNITS, Progress.NONE);
            AnalysisResult analysis = session.analyze(config);
            if (!analysis.errors().isEmpty()) {
                throw new IllegalStateException("the fixture's boundary has errors: " + analysis.errors());
            }
            Extractor.Output out = new Extractor().extract(new Extractor.Input(tree,
                    List.of("kernel/sched/core.c", "kernel/sched/fair.c", "kernel/sched/sched.h"), analysis));
            for (Map.Entry<String, String> e : out.files().entrySet()) {
                Path p = ws.resolve(e.getKey());
                Files.createDirectories(p.getParent());
                Files.writeString(p, e.getValue(), StandardCharsets.ISO_8859_1);
            }
            // as InitPipeline writes them
            Files.writeString(workspace.modDir().resolve("Kbuild"),
                    ModuleKbuild.text(UNITS, List.of("foosched_module.o"), List.of()));
            Files.writeString(workspace.modDir().resolve(ModuleKbuild.COMPAT_HEADER), ModuleKbuild.compatHeader());
            Files.writeString(workspace.modDir().resolve("foosched_module.c"), """
                    // SPDX-License-Identifier: GPL-2.0
                    #include <linux/module.h>

                    MODULE_LICENSE("GPL");
                    MODULE_DESCRIPTION("Foosched: extracted scheduler (workbench fixture)");
                    """);
            Trees.copyTree(workspace.modDir(), workspace.pristineModDir());
            new BoundaryReport(analysis, RELEASE).write(workspace.reportMarkdown(), workspace.reportJson());
            Path config0 = tree.resolve(".config");
            Files.writeString(config0, "CONFIG_SMP=y\n");
            workspace.writeInfo(new WorkspaceInfo(WorkspaceInfo.FORMAT, RELEASE, "6.1.0", tree.toString(),
                    tree.resolve("headers").toString(), config0.toString(), vmlinux.toString(),
                    root.resolve("build").toString(), UNITS, Instant.now()));
            template = root;
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyResources(Path tree) throws IOException {
        Path source;
        try {
            source = Path.of(FixtureWorkspace.class.getResource("/workbench-fixture").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        try (Stream<Path> walk = Files.walk(source)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                Path target = tree.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    try (InputStream in = Files.newInputStream(p)) {
                        Files.copy(in, target);
                    }
                }
            }
        }
    }

    private static void run(Path dir, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", cmd) + " timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed:\n" + new String(out, StandardCharsets.UTF_8));
        }
    }
}
