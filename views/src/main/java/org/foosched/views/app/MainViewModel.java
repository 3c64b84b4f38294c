package org.foosched.views.app;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.config.ConfigException;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.workspace.Workspace;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.workbench.TaskProgress;
import org.foosched.views.workbench.UserMessages;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Path;
import java.util.List;

/**
 * The main window's state: opening a workspace (facts and vmlinux index loaded off the UI
 * thread, then a first analysis), the window title and the status line, and what is
 * remembered for next time.
 */
public final class MainViewModel {

    private final WorkbenchContext ctx;
    private final WorkbenchSettings settings;
    private final TaskProgress progress;
    private final StringProperty title = new SimpleStringProperty("Foosched workbench");
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty opening = new SimpleBooleanProperty(false);
    private final ObjectProperty<Path> workspace = new SimpleObjectProperty<>();

    public MainViewModel(WorkbenchContext ctx, WorkbenchSettings settings) {
        this.ctx = ctx;
        this.settings = settings;
        this.progress = new TaskProgress(ctx.ui(), ctx.log()::append);
    }

    private record Opened(WorkspaceSession session, AnalysisResult analysis, long openMillis, long analyseMillis,
                          RuntimeException configError) {
    }

    /** Null when {@code dir} looks like a workspace, else what is wrong. */
    public static String check(Path dir) {
        if (dir == null) {
            return "no directory";
        }
        Workspace ws = new Workspace(dir);
        return ws.exists() ? null : dir + " is not a Foosched workspace (no working/workspace.json); "
                + "use \"New workspace from a Debian kernel release…\" to make one";
    }

    public void open(Path dir) {
        String err = check(dir);
        if (err != null) {
            status.set(err);
            ctx.log().append("error: " + err);
            return;
        }
        opening.set(true);
        progress.reset();
        status.set("opening " + dir + "…");
        ctx.run(() -> {
            long t0 = System.nanoTime();
            WorkspaceSession s = WorkspaceSession.open(dir, progress);
            long t1 = System.nanoTime();
            progress.step("analyse the boundary", -1);
            AnalysisResult r = null;
            RuntimeException configError = null;
            try {
                r = s.analyze();
            } catch (ConfigException e) {
                configError = e; // the boundary panel shows it at its line
            }
            return new Opened(s, r, (t1 - t0) / 1_000_000, (System.nanoTime() - t1) / 1_000_000, configError);
        }, o -> {
            opening.set(false);
            ctx.selectionProperty().set(null);
            ctx.analysisProperty().set(null);
            ctx.problems().replace(ProblemItem.Source.WORKSPACE, List.of());
            ctx.sessionProperty().set(o.session());
            ctx.analysisProperty().set(o.analysis());
            workspace.set(o.session().workspace().root());
            title.set("Foosched workbench — " + o.session().info().release() + " — " + o.session().workspace().root());
            status.set("opened " + o.session().workspace().root() + ": facts and vmlinux loaded in " + o.openMillis()
                    + " ms, analysed in " + o.analyseMillis() + " ms"
                    + (o.configError() == null ? "" : "; boundary.yaml has errors (see Problems)"));
            ctx.log().append(status.get());
            settings.opened(o.session().workspace().root());
            settings.save();
        }, e -> {
            opening.set(false);
            status.set("cannot open " + dir + ": " + UserMessages.of(e));
            ctx.problems().replace(ProblemItem.Source.WORKSPACE, List.of(new ProblemItem(ProblemItem.Severity.ERROR,
                    ProblemItem.Source.WORKSPACE, status.get(), null, 0)));
        });
    }

    public TaskProgress progress() {
        return progress;
    }

    public StringProperty titleProperty() {
        return title;
    }

    public StringProperty statusProperty() {
        return status;
    }

    public BooleanProperty openingProperty() {
        return opening;
    }

    public ObjectProperty<Path> workspaceProperty() {
        return workspace;
    }

    public WorkbenchSettings settings() {
        return settings;
    }

    public WorkbenchContext context() {
        return ctx;
    }
}
