package org.foosched.views.workbench;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.foosched.analysis.progress.Progress;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A {@link Progress} for work running off the UI thread: steps and fractions become properties
 * (a progress bar and a status label bind to them), log lines go to a console, and the Cancel
 * button sets the flag the work checks at its safe points. Updates are coalesced: the UI
 * thread sees the latest step, not every one.
 */
public final class TaskProgress implements Progress {

    private final Executor ui;
    private final Consumer<String> log;
    private final StringProperty step = new SimpleStringProperty("");
    private final DoubleProperty fraction = new SimpleDoubleProperty(-1);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile String latestStep = "";
    private volatile double latestFraction = -1;

    public TaskProgress(Executor ui, Consumer<String> log) {
        this.ui = ui;
        this.log = log;
    }

    @Override
    public void step(String what, double f) {
        boolean newStep = !what.equals(latestStep);
        latestStep = what;
        latestFraction = f;
        if (newStep) {
            log.accept("» " + what);
        }
        if (scheduled.compareAndSet(false, true)) {
            ui.execute(() -> {
                scheduled.set(false);
                step.set(latestStep);
                fraction.set(latestFraction);
            });
        }
    }

    @Override
    public void log(String line) {
        log.accept(line);
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    public void cancel() {
        cancelled.set(true);
    }

    /** Ready for another run: not cancelled, no step. Call on the UI thread. */
    public void reset() {
        cancelled.set(false);
        latestStep = "";
        latestFraction = -1;
        step.set("");
        fraction.set(-1);
    }

    public StringProperty stepProperty() {
        return step;
    }

    public DoubleProperty fractionProperty() {
        return fraction;
    }

    /** True while a task runs (set by {@link WorkbenchContext#run}). */
    public BooleanProperty runningProperty() {
        return running;
    }
}
