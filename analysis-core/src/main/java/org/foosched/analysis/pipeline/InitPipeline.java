package org.foosched.analysis.pipeline;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.Problem;
import org.foosched.analysis.build.ModuleCompiler;
import org.foosched.analysis.build.ModuleKbuild;
import org.foosched.analysis.collect.CollectRequest;
import org.foosched.analysis.collect.CollectResult;
import org.foosched.analysis.collect.KernelCollector;
import org.foosched.analysis.collect.PluginBuilder;
import org.foosched.analysis.collect.UnitFacts;
import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.config.BoundaryConfigLoader;
import org.foosched.analysis.config.BoundaryConfigs;
import org.foosched.analysis.env.FooschedHome;
import org.foosched.analysis.extract.Extractor;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.progress.Timings;
import org.foosched.analysis.report.BoundaryReport;
import org.foosched.analysis.source.KernelSource;
import org.foosched.analysis.workspace.ExtractionRecord;
import org.foosched.analysis.workspace.Workspace;
import org.foosched.analysis.workspace.WorkspaceInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * {@code foosched init}: from a kernel release and its source to an extracted scheduler
 * workspace — collect facts (the scheduler's units compiled with our GCC plugin), index
 * vmlinux, analyse the boundary, extract, report, and prove the tree compiles. Everything is
 * written to a temporary sibling of the work directory and renamed into place at the end, so
 * a failed run leaves an existing workspace untouched.
 */
public final class InitPipeline {

    /**
     * @param kit          the release's kit (headers, config, vmlinux)
     * @param kernelSource the unpacked kernel source of the same release
     * @param workDir      the workspace to create or re-create
     * @param config       a boundary.yaml to use, or null: the workspace's own, else the shipped one
     * @param force        re-extract even when the workspace has edits (they are saved as a patch)
     * @param compileCheck compile the extracted tree as a module at the end
     */
    public record Request(Kit kit, Path kernelSource, Path workDir, Path config, boolean force, boolean compileCheck) {
    }

    /** What happened, with the time of each step. */
    public record Outcome(Workspace workspace, AnalysisResult analysis, Map<String, Duration> timings,
                          ModuleCompiler.Result compile, Path savedEdits) {
    }

    private final Timings timings = new Timings();

    public Outcome run(Request req, Progress progress) {
        Kit kit = req.kit();
        List<String> missing = kit.missingParts();
        if (!missing.isEmpty()) {
            throw new PipelineException("the kit of " + kit.release() + " (" + kit.origin() + ") lacks "
                    + String.join(", ", missing));
        }
        KernelSource source = KernelSource.at(req.kernelSource());
        if (!kit.upstreamVersion().isEmpty() && !source.version().equals(kit.upstreamVersion())) {
            throw new PipelineException("the kernel source in " + source.root() + " is Linux " + source.version()
                    + " but " + kit.release() + " is " + kit.upstreamVersion()
                    + ": unpack the source of the same release (foosched extract_src)");
        }
        Workspace target = new Workspace(req.workDir());
        Path savedEdits = checkExisting(target, req.force());
        BoundaryConfig config = loadConfig(req, target, kit.release());

        Path parent = target.root().getParent();
        Path tmp;
        try {
            Files.createDirectories(parent);
            tmp = Files.createTempDirectory(parent, "." + target.root().getFileName() + ".tmp-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a work directory beside " + target.root(), e);
        }
        boolean published = false;
        try {
            Workspace ws = new Workspace(tmp);
            Files.createDirectories(ws.working());
            Files.writeString(ws.configFile(), Files.readString(config.file()));

            Path plugin = timings.time("build the collector plugin", () -> PluginBuilder.withDefaults().build(progress));
            Path buildDir = FooschedHome.cache().resolve("build").resolve(kit.release());
            CollectResult collected = timings.time("collect facts", () -> new KernelCollector(2).collect(
                    new CollectRequest(source.root(), kit.config(), buildDir, List.copyOf(config.unitSet()), plugin,
                            ws.factsDir()), progress));
            AnalysisSession session = timings.time("index vmlinux and read facts", () -> AnalysisSession.load(
                    ws.factsDir(), kit.vmlinux(), kit.headersDir().resolve("Module.symvers"),
                    List.copyOf(config.unitSet()), progress));
            progress.step("analyse the boundary", -1);
            AnalysisResult analysis = timings.time("analyse", () -> session.analyze(config));
            List<Problem> errors = analysis.errors();
            if (!errors.isEmpty()) {
                throw new PipelineException("the boundary cannot be extracted:\n  " + errors.stream()
                        .map(Problem::toString).collect(Collectors.joining("\n  ")));
            }
            progress.step("extract the scheduler", -1);
            Extractor.Output out = timings.time("extract", () -> new Extractor().extract(new Extractor.Input(source.root(),
                    filesToExtract(collected), analysis)));
            write(ws, out, config);
            Trees.copyTree(ws.modDir(), ws.pristineModDir());
            new BoundaryReport(analysis, kit.release()).write(ws.reportMarkdown(), ws.reportJson());
            ExtractionRecord.of(analysis).write(ws);
            ws.writeInfo(new WorkspaceInfo(WorkspaceInfo.FORMAT, kit.release(), source.version(),
                    source.root().toString(), kit.headersDir().toString(), kit.config().toString(),
                    kit.vmlinux().toString(), buildDir.toString(), List.copyOf(config.unitSet()), Instant.now()));
            ModuleCompiler.Result compile = null;
            if (req.compileCheck()) {
                progress.step("compile the extracted scheduler as a module", 0);
                compile = timings.time("compile check", () -> new ModuleCompiler(kit.headersDir(), 2)
                        .compile(ws.modDir(), config.unitSet().size() + 1, progress));
                if (!compile.ok()) {
                    Path failed = keepFailed(tmp, target.root());
                    throw new PipelineException("the extracted scheduler does not compile (the failed tree is kept in "
                            + failed + "; your workspace is unchanged):\n  "
                            + (compile.errors().isEmpty() ? String.join("\n  ", compile.tail())
                            : compile.errors().stream().limit(20).map(d -> d.toString().replace(tmp.toString(),
                            failed.toString())).collect(Collectors.joining("\n  "))));
                }
                cleanBuildProducts(ws.modDir());
            }
            publish(tmp, target.root());
            published = true;
            return new Outcome(target, analysis, timings.asMap(), compile, savedEdits);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!published) {
                Trees.deleteTree(tmp);
            }
        }
    }

    private Path checkExisting(Workspace target, boolean force) {
        if (!Files.exists(target.root())) {
            return null;
        }
        if (!target.exists()) {
            try (var s = Files.list(target.root())) {
                if (s.findAny().isPresent()) {
                    throw new PipelineException(target.root() + " exists and is not a Foosched workspace; "
                            + "choose an empty or new directory");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        }
        String diff = WorkspaceDiff.unified(target.pristineModDir(), target.modDir());
        if (diff.isEmpty()) {
            return null;
        }
        if (!force) {
            throw new PipelineException(target.root() + " has edits to the extracted scheduler; re-extracting "
                    + "would replace them. Use --force (the edits are then saved to "
                    + target.working().resolve("edits-<time>.patch") + ")");
        }
        Path patch = target.root().getParent().resolve(target.root().getFileName() + "-edits-"
                + Instant.now().toString().replace(':', '-') + ".patch");
        Trees.writeAtomically(patch, diff);
        return patch;
    }

    private static BoundaryConfig loadConfig(Request req, Workspace target, String release) {
        Path file = req.config();
        if (file == null && Files.isRegularFile(target.configFile())) {
            file = target.configFile();
        }
        if (file == null) {
            file = BoundaryConfigs.shipped().require(release).resolve(BoundaryConfigs.FILE_NAME);
        }
        return new BoundaryConfigLoader().load(file);
    }

    /** The unit sources and the headers they include that live in the kernel tree (not include/). */
    static Set<String> filesToExtract(CollectResult collected) {
        Set<String> files = new TreeSet<>();
        for (UnitFacts u : collected.units()) {
            for (String f : u.sourceFiles()) {
                if (!f.startsWith("/") && !f.startsWith("include/") && !f.startsWith("arch/")
                        && !f.startsWith("tools/") && (f.endsWith(".c") || f.endsWith(".h"))) {
                    files.add(f);
                }
            }
        }
        return files;
    }

    private static void write(Workspace ws, Extractor.Output out, BoundaryConfig config) throws IOException {
        for (Map.Entry<String, String> e : out.files().entrySet()) {
            Path p = ws.root().resolve(e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue(), StandardCharsets.ISO_8859_1);
        }
        Files.writeString(ws.modDir().resolve("Kbuild"), ModuleKbuild.text(List.copyOf(config.unitSet()),
                List.of("foosched_module.o"), List.of()));
        Files.writeString(ws.modDir().resolve(ModuleKbuild.COMPAT_HEADER), ModuleKbuild.compatHeader());
        Files.writeString(ws.modDir().resolve("foosched_module.c"), """
                // SPDX-License-Identifier: GPL-2.0
                /*
                 * Generated by foosched init. 'foosched build' replaces this file with the live-update
                 * runtime; until then the module only proves that the extracted scheduler compiles.
                 */
                #include <linux/module.h>

                MODULE_LICENSE("GPL");
                MODULE_DESCRIPTION("Foosched: extracted scheduler (compile check)");
                """);
    }

    private static void cleanBuildProducts(Path modDir) throws IOException {
        try (var s = Files.list(modDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".o") || n.endsWith(".ko") || n.endsWith(".mod") || n.endsWith(".mod.c")
                        || n.endsWith(".cmd") || n.equals("Module.symvers") || n.equals("modules.order")
                        || n.startsWith(".tmp")) {
                    Trees.deleteTree(p);
                }
            }
        }
    }

    /** Moves a tree that failed to compile to {@code <work_dir>.failed} for inspection. */
    private static Path keepFailed(Path tmp, Path target) {
        Path failed = target.resolveSibling(target.getFileName() + ".failed");
        try {
            Trees.deleteTree(failed);
            Files.move(tmp, failed);
            return failed;
        } catch (IOException e) {
            return tmp;
        }
    }

    private static void publish(Path tmp, Path target) throws IOException {
        if (Files.exists(target)) {
            Path old = target.resolveSibling("." + target.getFileName() + ".old-" + System.nanoTime());
            Files.move(target, old);
            try {
                Files.move(tmp, target);
            } catch (IOException e) {
                Files.move(old, target);
                throw e;
            }
            Trees.deleteTree(old);
        } else {
            Files.move(tmp, target);
        }
    }


    /** The pipeline stopped; the message says why and what to do. */
    public static final class PipelineException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public PipelineException(String message) {
            super(message);
        }
    }
}
