package org.foosched.views.build;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.foosched.analysis.build.CompilerDiagnostics;
import org.foosched.analysis.build.ModuleCompiler;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.views.console.LogModel;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.workbench.SourceLocation;
import org.foosched.views.workbench.TaskProgress;
import org.foosched.views.workbench.UserMessages;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The build panel: compiles the workspace's module with kbuild against the release's headers
 * ({@link ModuleCompiler}, the code {@code foosched init}'s compile check uses), with a
 * progress bar, its own console, and every compiler diagnostic in the problems list, where a
 * double-click opens file:line. Cancel stops make.
 */
public final class BuildViewModel {

    private final WorkbenchContext ctx;
    private final TaskProgress progress;
    private final LogModel console;
    private final BooleanProperty running = new SimpleBooleanProperty(false);
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

    public void build() {
        WorkspaceSession s = ctx.session();
        if (s == null || running.get()) {
            return;
        }
        running.set(true);
        progress.runningProperty().set(true);
        progress.reset();
        console.clear();
        result.set("building…");
        Path mod = s.workspace().modDir();
        Path headers = Path.of(s.info().headersDir());
        int objects = s.info().units().size() + 1;
        long t0 = System.nanoTime();
        progress.step("compile the module against " + headers, 0);
        ctx.run(() -> new ModuleCompiler(headers, 2).compile(mod, objects, progress), r -> {
            running.set(false);
            progress.runningProperty().set(false);
            double secs = (System.nanoTime() - t0) / 1e9;
            List<ProblemItem> items = r.diagnostics().stream().map(d -> item(d, mod, headers)).toList();
            diagnostics.setAll(items);
            ctx.problems().replace(ProblemItem.Source.BUILD, items);
            if (r.ok()) {
                progress.fractionProperty().set(1);
                result.set(String.format("built %s in %.1f s%s", r.module().getFileName(), secs,
                        r.diagnostics().isEmpty() ? "" : " (" + r.diagnostics().size() + " warnings)"));
            } else {
                result.set(String.format("failed after %.1f s: %d errors%s", secs, r.errors().size(),
                        r.errors().isEmpty() ? " (see the console)" : "; double-click a problem to open it"));
            }
            ctx.log().append("build: " + result.get());
        }, e -> {
            running.set(false);
            progress.runningProperty().set(false);
            result.set("build stopped: " + UserMessages.of(e));
        });
    }

    public void cancel() {
        progress.cancel();
    }

    /** A compiler diagnostic as a problem, its file resolved to where it is on disk. */
    static ProblemItem item(CompilerDiagnostics.Diagnostic d, Path mod, Path headers) {
        ProblemItem.Severity sev = d.isError() ? ProblemItem.Severity.ERROR : ProblemItem.Severity.WARNING;
        if (d.file() == null) {
            return new ProblemItem(sev, ProblemItem.Source.BUILD, "modpost: " + d.message(), null, 0);
        }
        Path p = Path.of(d.file());
        if (!p.isAbsolute()) {
            Path inMod = mod.resolve(d.file());
            Path inHeaders = headers.resolve(d.file());
            p = Files.exists(inMod) ? inMod : Files.exists(inHeaders) ? inHeaders : inMod;
        }
        return new ProblemItem(sev, ProblemItem.Source.BUILD, d.severity() + ": " + d.message(), p.normalize(), d.line());
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

    public StringProperty resultProperty() {
        return result;
    }

    public ObservableList<ProblemItem> diagnostics() {
        return diagnostics;
    }
}
