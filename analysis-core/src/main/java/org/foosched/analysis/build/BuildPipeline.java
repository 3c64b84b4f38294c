package org.foosched.analysis.build;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.elf.ElfFile;
import org.foosched.analysis.elf.ElfSymbolTable;
import org.foosched.analysis.env.FooschedHome;
import org.foosched.analysis.extract.Extractor;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.progress.Timings;
import org.foosched.analysis.vmlinux.VmlinuxIndex;
import org.foosched.analysis.vmlinux.VmlinuxSymbol;
import org.foosched.analysis.workspace.ExtractionRecord;
import org.foosched.analysis.workspace.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * {@code foosched build}: the workspace's scheduler plus the live-update runtime, compiled
 * into {@code scheduler.ko} against the release's headers, then packaged as RPM and DEB.
 * Compiles in {@code working/build/} (a copy of the sources with the generated files), so the
 * engineer's tree holds only their code; packages go to {@code working/packages/}.
 */
public final class BuildPipeline {

    public static final String MODULE = ModuleKbuild.MODULE_NAME;
    static final String RUNTIME_DIR = "foosched-runtime";

    /**
     * @param workDir  the workspace
     * @param version  package version, or null for a time stamp
     * @param formats  "rpm", "deb" (empty: do not package)
     * @param signKey  optional module signing key and certificate (both or neither)
     * @param signCert see signKey
     * @param resolveAtBuild resolve the module's vmlinux symbols now, from the -dbg vmlinux
     *                 ({@link BuildTimeResolver}), instead of on the target from its kallsyms;
     *                 always so when signing, since resolving on the target would void the signature
     */
    public record Request(Path workDir, String version, Set<String> formats, Path signKey, Path signCert,
                          boolean resolveAtBuild) {

        public Request {
            resolveAtBuild = resolveAtBuild || signKey != null;
        }

        /** Symbols resolved on the target, unless signing. */
        public Request(Path workDir, String version, Set<String> formats, Path signKey, Path signCert) {
            this(workDir, version, formats, signKey, signCert, false);
        }
    }

    /**
     * What the build made.
     *
     * @param module   the module the packages ship
     * @param resolved how its symbols were resolved at build time, or null: on the target
     */
    public record Outcome(Path module, Path resolveList, List<Path> packages, int redirects,
                          List<CompilerDiagnostics.Diagnostic> warnings, Map<String, Duration> timings,
                          BuildTimeResolver.Result resolved) {
    }

    private final Timings timings = new Timings();

    public Outcome run(Request req, Progress progress) {
        progress.step("open the workspace", -1);
        WorkspaceSession session = timings.time("load facts and vmlinux", () -> WorkspaceSession.open(req.workDir(), progress));
        Workspace ws = session.workspace();
        Path headers = Path.of(session.info().headersDir());
        Path vmlinux = Path.of(session.info().vmlinux());
        AnalysisResult analysis = session.analyze();
        if (!analysis.errors().isEmpty()) {
            throw new BuildException("the boundary has errors; fix working/boundary.yaml (foosched analyze "
                    + ws.root() + "):\n  " + analysis.errors().stream().map(Object::toString)
                    .collect(Collectors.joining("\n  ")));
        }
        List<String> moved = ExtractionRecord.read(ws).changesTo(ExtractionRecord.of(analysis));
        if (!moved.isEmpty()) {
            throw new BuildException("the boundary changed since " + ws.modDir() + " was extracted (" + moved.size()
                    + " functions moved), so the extracted code no longer fits it:\n  "
                    + String.join("\n  ", moved.subList(0, Math.min(10, moved.size())))
                    + (moved.size() > 10 ? "\n  ..." : "")
                    + "\nRe-extract with: foosched init " + session.info().release() + " "
                    + session.info().kernelSource() + " " + ws.root() + " --force (your edits are saved as a patch)");
        }
        Path build = ws.working().resolve("build");
        Path mod = build.resolve(Extractor.MOD_DIR);
        progress.step("prepare the build tree", -1);
        prepareTree(ws, build);
        SchedulerGlue glue = timings.time("measure __schedule", () -> SchedulerGlue.prepare(session.session().index(),
                analysis, Path.of(session.info().kernelSource()), progress));
        List<RedirectEntry> table;
        try (ElfFile elf = ElfFile.open(vmlinux)) {
            RedirectPlanner planner = new RedirectPlanner(session.session().index(), elf);
            List<RedirectPlanner.Target> targets = new ArrayList<>();
            for (FunctionResult f : analysis.redirected()) {
                targets.add(planner.target(f, Extractor.targetPath(f.def().id().file())));
            }
            glue.extraTargets().forEach(targets::add);
            table = planner.plan(targets);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + vmlinux + ": " + e.getMessage(), e);
        }
        writeGenerated(build, mod, table, vmlinux, session.info().units(), glue);
        progress.step("compile " + MODULE + ".ko", 0);
        ModuleCompiler.Result compiled = timings.time("compile", () -> new ModuleCompiler(headers, 2)
                .compile(mod, session.info().units().size() + 12, progress));
        if (!compiled.ok()) {
            throw new CompileFailure(ws.root(), build, compiled);
        }
        timings.time("check the springboard", () -> {
            glue.verify(mod);
            return null;
        });
        Path resolveList = timings.time("check undefined symbols", () -> writeResolveList(compiled.module(),
                session.session().index(), mod.resolve("resolve.list")));
        Path shipped = compiled.module();
        BuildTimeResolver.Result resolved = null;
        if (req.resolveAtBuild()) {
            progress.step("resolve vmlinux symbols from " + vmlinux.getFileName(), -1);
            shipped = build.resolve("resolved").resolve(compiled.module().getFileName());
            Path out = shipped;
            resolved = timings.time("resolve symbols", () -> BuildTimeResolver.resolve(compiled.module(),
                    session.session().index(), readLines(resolveList), out));
            progress.log(String.format("resolved %d vmlinux symbols (%d per-cpu) at build time; %d relocations now "
                    + "relative to %s", resolved.symbols(), resolved.perCpu(), resolved.relocations(), resolved.anchor()));
        }
        List<Path> packages = List.of();
        if (!req.formats().isEmpty()) {
            progress.step("package (" + String.join(", ", req.formats()) + ")", -1);
            Path ko = shipped;
            packages = timings.time("package", () -> makePackages(req, session, ko, resolveList,
                    ws.working().resolve("packages"), progress));
        }
        List<CompilerDiagnostics.Diagnostic> warnings = compiled.diagnostics().stream()
                .filter(d -> !d.isError()).toList();
        return new Outcome(shipped, resolveList, packages, table.size(), warnings, timings.asMap(), resolved);
    }

    /** Copies the workspace's sources (everything but working/) into the build tree. */
    private static void prepareTree(Workspace ws, Path build) {
        Trees.deleteTree(build);
        try (Stream<Path> s = Files.list(ws.root())) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals(Workspace.WORKING)) {
                    Trees.copyTree(p, build.resolve(p.getFileName().toString()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeGenerated(Path build, Path mod, List<RedirectEntry> table, Path vmlinux,
                                       List<String> units, SchedulerGlue glue) {
        try {
            Files.deleteIfExists(mod.resolve("foosched_module.c"));
            Files.writeString(mod.resolve(ModuleKbuild.COMPAT_HEADER), ModuleKbuild.compatHeader());
            Path runtime = FooschedHome.path().resolve("module-runtime-c");
            Exec.of("sh", runtime.resolve("copy-runtime.sh").toString(), mod.resolve(RUNTIME_DIR).toString()).run();
            Files.writeString(mod.resolve("foosched_redirects.h"),
                    RedirectPlanner.header(table, vmlinux.getFileName().toString()));
            Map<String, List<RedirectEntry>> byFile = new LinkedHashMap<>();
            table.forEach(e -> byFile.computeIfAbsent(e.definedIn(), k -> new ArrayList<>()).add(e));
            for (Map.Entry<String, List<RedirectEntry>> e : byFile.entrySet()) {
                Path file = build.resolve(e.getKey());
                StringBuilder sb = new StringBuilder("\n/* Generated by foosched build: the module's side of vmlinux's "
                        + "jumps (foosched_redirects.h) */\n");
                for (RedirectEntry r : e.getValue()) {
                    sb.append("extern __typeof__(").append(r.moduleFunction()).append(") ").append(r.moduleAlias())
                            .append(" __attribute__((alias(\"").append(r.moduleFunction()).append("\")));\n");
                }
                Files.writeString(file, sb.toString(), StandardCharsets.ISO_8859_1,
                        java.nio.file.StandardOpenOption.APPEND);
            }
            SchedulerGlue.Installed installed = glue.install(runtime, mod, build, vmlinux.getFileName().toString());
            List<String> lines = new ArrayList<>(List.of(
                    "", "# The live-update runtime (module-runtime-c) and the scheduler glue.",
                    "FOOSCHED_MODULE := " + MODULE, "FOOSCHED_RUNTIME_DIR := " + RUNTIME_DIR,
                    "FOOSCHED_LOG_NAME := " + MODULE,
                    "include $(src)/$(FOOSCHED_RUNTIME_DIR)/Kbuild.runtime"));
            lines.addAll(installed.kbuildLines());
            Files.writeString(mod.resolve("Kbuild"), ModuleKbuild.text(units, installed.objects(), lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Undefined symbols of the module that neither vmlinux's exports nor the
     * {@code foosched.vmlinux.*} names cover: the target-side resolver looks them up by name,
     * so each must be unique in vmlinux.
     */
    static Path writeResolveList(Path ko, VmlinuxIndex index, Path out) {
        Set<String> names = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        try (ElfFile elf = ElfFile.open(ko)) {
            ElfSymbolTable symtab = elf.symbolTable();
            for (int i = 1; i < symtab.count(); i++) {
                if (symtab.sectionIndex(i) != ElfSymbolTable.SHN_UNDEF) {
                    continue;
                }
                String name = symtab.name(i);
                if (name.isEmpty() || name.equals("__this_module")) {
                    continue;
                }
                if (name.startsWith("foosched.vmlinux.")) {
                    checkSympos(name, index, problems);
                    continue;
                }
                if (index.export(name).isPresent()) {
                    continue;
                }
                List<VmlinuxSymbol> found = index.symbolsNamed(name);
                if (found.isEmpty()) {
                    problems.add(name + " is not in vmlinux");
                } else if (found.stream().filter(s -> s.sympos() >= 0).count() != 1) {
                    problems.add(name + " is ambiguous in vmlinux (" + found.size() + " symbols)");
                } else {
                    names.add(name);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!problems.isEmpty()) {
            throw new BuildException("the module needs symbols the target cannot resolve:\n  "
                    + String.join("\n  ", problems));
        }
        Trees.writeAtomically(out, names.stream().map(n -> n + "\n").collect(Collectors.joining()));
        return out;
    }

    private static void checkSympos(String encoded, VmlinuxIndex index, List<String> problems) {
        String rest = encoded.substring("foosched.vmlinux.".length());
        int dot = rest.indexOf('.');
        int pos = Integer.parseInt(rest.substring(0, dot));
        String name = rest.substring(dot + 1);
        long listed = index.symbolsNamed(name).stream().filter(s -> s.sympos() >= 0).count();
        if (listed == 0) {
            problems.add(name + " (" + encoded + ") is not in vmlinux's kallsyms");
        } else if (pos == 0 && listed > 1) {
            problems.add(name + " is ambiguous in vmlinux (" + listed + " symbols) but referenced without sympos");
        } else if (pos > listed) {
            problems.add(name + "," + pos + ": vmlinux has only " + listed + " symbols of that name");
        }
    }

    private static Set<String> readLines(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Path> makePackages(Request req, WorkspaceSession s, Path ko, Path resolveList, Path outDir,
                                    Progress progress) {
        Path runtime = FooschedHome.path().resolve("module-runtime-c");
        String version = req.version() != null ? req.version()
                : "1.0." + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        List<String> cmd = new ArrayList<>(List.of("bash", runtime.resolve("packaging/make-packages.sh").toString(),
                "--module", MODULE, "--ko", ko.toString(), "--release", s.info().release(), "--version", version,
                "--out", outDir.toString(), "--formats", String.join(",", req.formats()),
                "--summary", "Foosched scheduler for " + s.info().release()));
        if (req.resolveAtBuild()) {
            cmd.add("--resolved-at-build");
        } else {
            Path resolver = ResolverBuilder.build(runtime.resolve("tools/resolve"), progress);
            cmd.addAll(List.of("--resolve-list", resolveList.toString(), "--resolver", resolver.toString()));
        }
        if (req.signKey() != null) {
            cmd.addAll(List.of("--sign-key", req.signKey().toString(), "--sign-cert", req.signCert().toString(),
                    "--sign-file", Path.of(s.info().headersDir()).resolve("scripts/sign-file").toString()));
        }
        try (Stream<Path> old = Files.isDirectory(outDir) ? Files.list(outDir) : Stream.empty()) {
            for (Path p : old.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(MODULE) && (n.endsWith(".rpm") || n.endsWith(".deb"))) {
                    Files.delete(p); // the previous build's packages: only the current ones are there
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Path> out = new ArrayList<>();
        Exec.of(cmd).onLine(l -> {
            progress.log(l);
            if (l.endsWith(".rpm") || l.endsWith(".deb")) {
                out.add(Path.of(l.trim()));
            }
        }).cancelledBy(progress).run();
        return out;
    }


    /** The compiler refused the module; diagnostics point into the workspace's own files. */
    public static final class CompileFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient ModuleCompiler.Result result;

        CompileFailure(Path workspace, Path build, ModuleCompiler.Result result) {
            super("the scheduler module does not compile:\n  " + (result.errors().isEmpty()
                    ? String.join("\n  ", result.tail())
                    : result.errors().stream().limit(25).map(d -> d.toString().replace(build.toString(),
                    workspace.toString())).collect(Collectors.joining("\n  "))));
            this.result = result;
        }

        public ModuleCompiler.Result result() {
            return result;
        }
    }
}
