package org.foosched.views.workbench;

import javafx.application.Platform;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.views.console.LogModel;
import org.foosched.views.problems.ProblemsModel;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * What every part of the workbench shares (JabRef's state manager, in our words): the open
 * workspace and its latest analysis, the selected function or variable, the log and the
 * problems list, and the threads — the UI thread, where every property here changes, and the
 * background pool, where every long piece of work runs.
 */
public final class WorkbenchContext {

    private final Executor ui;
    private final ExecutorService background;
    private final ScheduledExecutorService timer;
    private final LogModel log;
    private final ProblemsModel problems = new ProblemsModel();
    private final ObjectProperty<WorkspaceSession> session = new SimpleObjectProperty<>();
    private final ObjectProperty<AnalysisResult> analysis = new SimpleObjectProperty<>();
    private final ObjectProperty<NodeId> selection = new SimpleObjectProperty<>();
    private final ObjectProperty<Consumer<SourceLocation>> opener = new SimpleObjectProperty<>(l -> { });

    public WorkbenchContext(Executor ui, ExecutorService background, ScheduledExecutorService timer) {
        this.ui = ui;
        this.background = background;
        this.timer = timer;
        this.log = new LogModel(ui);
    }

    /** The context of the running application: JavaFX's thread, daemon worker threads. */
    public static WorkbenchContext forJavaFx() {
        return new WorkbenchContext(Platform::runLater, Executors.newFixedThreadPool(2, daemon("foosched-work")),
                Executors.newSingleThreadScheduledExecutor(daemon("foosched-timer")));
    }

    public static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Runs {@code work} in the background and hands its result (or its failure) to the UI
     * thread. A failure is logged; bugs with their stack trace, in the log only.
     */
    public <T> Future<?> run(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        return background.submit(() -> {
            try {
                T result = work.call();
                ui.execute(() -> onSuccess.accept(result));
            } catch (Throwable t) {
                logFailure(t);
                ui.execute(() -> onFailure.accept(t));
            }
        });
    }

    private void logFailure(Throwable t) {
        log.append("error: " + UserMessages.of(t));
        if (!UserMessages.isExpected(t)) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            sw.toString().lines().forEach(log::append);
        }
    }

    /** Asks the editor area to show a file (at a line). */
    public void open(SourceLocation location) {
        opener.get().accept(location);
    }

    public Executor ui() {
        return ui;
    }

    public ExecutorService background() {
        return background;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    public LogModel log() {
        return log;
    }

    public ProblemsModel problems() {
        return problems;
    }

    public ObjectProperty<WorkspaceSession> sessionProperty() {
        return session;
    }

    public WorkspaceSession session() {
        return session.get();
    }

    public ObjectProperty<AnalysisResult> analysisProperty() {
        return analysis;
    }

    public AnalysisResult analysis() {
        return analysis.get();
    }

    public ObjectProperty<NodeId> selectionProperty() {
        return selection;
    }

    public ObjectProperty<Consumer<SourceLocation>> openerProperty() {
        return opener;
    }

    public void shutdown() {
        background.shutdownNow();
        timer.shutdownNow();
    }
}
