package org.foosched.views.build;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.foosched.analysis.build.BuildPipeline;
import org.foosched.analysis.build.CompilerDiagnostics;
import org.foosched.analysis.build.ModuleCompiler;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.workspace.Workspace;
import org.foosched.views.console.LogModel;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.workbench.SourceLocation;
import org.foosched.views.workbench.TaskProgress;
import org.foosched.views.workbench.UserMessages;
import org.foosched.views.workbench.WorkbenchContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The build panel. "Build" runs {@code foosched build} ({@link BuildPipeline}: the scheduler
 * with the live-update runtime into {@code scheduler.ko}, then RPM and DEB packages when
 * asked); "Compile check" compiles the workspace's sources alone with kbuild
 * ({@link ModuleCompiler}, as {@code foosched init}'s check does) for quick feedback. Both
 * show a progress bar and a console and put every compiler diagnostic in the problems list,
 * where a double-click opens the workspace's file at the line. Cancel stops make.
 */
public final class BuildViewModel {

    private final WorkbenchContext ctx;
    private final TaskProgress progress;
    private final LogModel console;
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final BooleanProperty packages = new SimpleBooleanProperty(true);
    private final BooleanProperty resolveAtBuild = new SimpleBooleanProperty(false);
    private final StringProperty result = new SimpleStringProperty("");
    private final ObservableList<ProblemItem> diagnostics = FXCollections.observableArrayList();

    public BuildViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        this.console = new LogModel(ctx.ui());
        this.progress = new TaskProgress(ctx.ui(), line -> {
            console.append(line);
            ctx.log().append(line);
        });
    }

    /** {@code foosched build}: module with the runtime, and packages when {@link #packagesProperty()}. */
    public void build() {
        WorkspaceSession s = ctx.session();
        if (s == null || !begin("building scheduler.ko…")) {
            return;
        }
        Workspace ws = s.workspace();
        Set<String> formats = packages.get() ? Set.of("rpm", "deb") : Set.of();
        long t0 = System.nanoTime();
        ctx.run(() -> new BuildPipeline().run(new BuildPipeline.Request(ws.root(), null, formats, null, null,
                        resolveAtBuild.get()), progress),
                o -> {
                    end();
                    show(o.warnings(), ws, buildTree(ws), Path.of(s.info().headersDir()));
                    progress.fractionProperty().set(1);
                    result.set(String.format("built %s (%d redirected functions%s) in %.0f s%s", o.module().getFileName(),
                            o.redirects(), o.resolved() == null ? "" : ", vmlinux symbols resolved at build time",
                            seconds(t0), o.packages().isEmpty() ? ""
                                    : "; packages: " + o.packages().stream().map(p -> p.getFileName().toString())
                                    .collect(Collectors.joining(", "))));
                    o.packages().forEach(p -> ctx.log().append("package " + p));
                    ctx.log().append("build: " + result.get());
                }, e -> failed(e, ws, buildTree(ws), Path.of(s.info().headersDir()), t0));
    }

    /** Compiles the workspace's sources as they are (no runtime, no packages). */
    public void compileCheck() {
        WorkspaceSession s = ctx.session();
        if (s == null || !begin("compiling…")) {
            return;
        }
        Workspace ws = s.workspace();
        Path headers = Path.of(s.info().headersDir());
        int objects = s.info().units().size() + 1;
        long t0 = System.nanoTime();
        progress.step("compile the workspace's scheduler against " + headers, 0);
        ctx.run(() -> {
            try {
                return new ModuleCompiler(headers, 2).compile(ws.modDir(), objects, progress);
            } finally {
                cleanBuildProducts(ws.modDir());
            }
        }, r -> {
            end();
            show(r.diagnostics(), ws, ws.root(), headers);
            if (r.ok()) {
                progress.fractionProperty().set(1);
                result.set(String.format("compiles (%s) in %.1f s%s", r.module().getFileName(), seconds(t0),
                        r.diagnostics().isEmpty() ? "" : "; " + r.diagnostics().size() + " warnings"));
            } else {
                result.set(String.format("does not compile: %d errors after %.1f s%s", r.errors().size(), seconds(t0),
                        r.errors().isEmpty() ? " (see the console)" : "; double-click a problem to open it"));
            }
            ctx.log().append("compile check: " + result.get());
        }, e -> failed(e, ws, ws.root(), headers, t0));
    }

    private boolean begin(String what) {
        if (running.get()) {
            return false;
        }
        running.set(true);
        progress.runningProperty().set(true);
        progress.reset();
        console.clear();
        result.set(what);
        return true;
    }

    private void end() {
        running.set(false);
        progress.runningProperty().set(false);
    }

    private void failed(Throwable e, Workspace ws, Path tree, Path headers, long t0) {
        end();
        if (e instanceof BuildPipeline.CompileFailure f) {
            show(f.result().diagnostics(), ws, tree, headers);
            result.set(String.format("does not compile: %d errors after %.0f s; double-click a problem to open it",
                    f.result().errors().size(), seconds(t0)));
        } else {
            diagnostics.clear();
            String msg = UserMessages.of(e);
            result.set("build stopped: " + msg.lines().findFirst().orElse(msg));
            ctx.problems().replace(ProblemItem.Source.BUILD, List.of(new ProblemItem(ProblemItem.Severity.ERROR,
                    ProblemItem.Source.BUILD, msg, null, 0)));
        }
        ctx.log().append("build: " + result.get());
    }

    private void show(List<CompilerDiagnostics.Diagnostic> ds, Workspace ws, Path tree, Path headers) {
        List<ProblemItem> items = ds.stream().filter(d -> !expected(d)).map(d -> item(d, ws.root(), tree, headers)).toList();
        diagnostics.setAll(items);
        ctx.problems().replace(ProblemItem.Source.BUILD, items);
    }

    private static Path buildTree(Workspace ws) {
        return ws.working().resolve("build");
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * A compiler diagnostic as a problem, its file the workspace's: the build compiles a copy
     * of the sources ({@code tree}), so paths inside it point back into the workspace.
     */
    static ProblemItem item(CompilerDiagnostics.Diagnostic d, Path workspace, Path tree, Path headers) {
        ProblemItem.Severity sev = d.isError() ? ProblemItem.Severity.ERROR : ProblemItem.Severity.WARNING;
        if (d.file() == null) {
            return new ProblemItem(sev, ProblemItem.Source.BUILD, "modpost: " + d.message(), null, 0);
        }
        Path mod = tree.resolve(org.foosched.analysis.extract.Extractor.MOD_DIR);
        Path p = Path.of(d.file());
        if (!p.isAbsolute()) {
            Path inMod = mod.resolve(d.file());
            Path inHeaders = headers.resolve(d.file());
            p = Files.exists(inMod) ? inMod : Files.exists(inHeaders) ? inHeaders : inMod;
        }
        p = p.normalize();
        if (p.startsWith(tree) && !tree.equals(workspace)) {
            Path inWorkspace = workspace.resolve(tree.relativize(p));
            if (Files.exists(inWorkspace)) {
                p = inWorkspace;
            }
        }
        return new ProblemItem(sev, ProblemItem.Source.BUILD, d.severity() + ": " + d.message(), p, d.line());
    }

    /**
     * modpost's "undefined" warnings for vmlinux's symbols the module refers to by their
     * {@code foosched.vmlinux.*} names are expected: the target-side resolver fills them in at
     * install time. They stay in the console, not in the problems list.
     */
    static boolean expected(CompilerDiagnostics.Diagnostic d) {
        return d.file() == null && d.message().startsWith("\"foosched.vmlinux.") && d.message().contains("undefined");
    }

    /** What kbuild leaves in the directory it compiled (the compile check compiles the workspace itself). */
    static void cleanBuildProducts(Path modDir) {
        try (Stream<Path> s = Files.list(modDir)) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".o") || n.endsWith(".ko") || n.endsWith(".mod") || n.endsWith(".mod.c")
                        || n.endsWith(".cmd") || n.equals("Module.symvers") || n.equals("modules.order")
                        || n.startsWith(".tmp")) {
                    Trees.deleteTree(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void cancel() {
        progress.cancel();
    }

    public void open(ProblemItem p) {
        if (p.file() != null) {
            ctx.open(SourceLocation.of(p.file(), p.line()));
        }
    }

    public TaskProgress progress() {
        return progress;
    }

    public ObservableList<String> console() {
        return console.lines();
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    /** Resolve the module's vmlinux symbols at build time ({@code foosched build --resolve-at-build}). */
    public BooleanProperty resolveAtBuildProperty() {
        return resolveAtBuild;
    }

    /** Make RPM and DEB packages after the module. */
    public BooleanProperty packagesProperty() {
        return packages;
    }

    public StringProperty resultProperty() {
        return result;
    }

    public ObservableList<ProblemItem> diagnostics() {
        return diagnostics;
    }
}
