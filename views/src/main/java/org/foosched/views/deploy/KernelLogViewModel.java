package org.foosched.views.deploy;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.ObservableList;
import org.foosched.analysis.progress.Progress;
import org.foosched.remote.ssh.OutputListener;
import org.foosched.views.console.LogModel;
import org.foosched.views.workbench.UserMessages;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The live kernel log of one host ({@code dmesg --follow}) on a connection of its own, so it
 * runs beside a deploy on the same host. One host at a time; following another stops the first.
 */
public final class KernelLogViewModel {

    private final DeployBackend backend;
    private final DeployWorkers workers;
    private final LogModel lines;
    private final BooleanProperty following = new SimpleBooleanProperty(false);
    private final StringProperty host = new SimpleStringProperty("");
    private volatile AtomicBoolean current; // the stop flag of the tail running now

    KernelLogViewModel(DeployBackend backend, DeployWorkers workers) {
        this.backend = backend;
        this.workers = workers;
        this.lines = new LogModel(workers.ui());
    }

    /** Starts following {@code name}'s kernel log; false while one is followed already. */
    public boolean follow(String name) {
        if (following.get()) {
            return false;
        }
        AtomicBoolean flag = new AtomicBoolean();
        current = flag;
        following.set(true);
        host.set(name);
        lines.clear();
        workers.submit(() -> {
            String end;
            try {
                backend.followKernelLog(backend.host(name), (stream, line) -> {
                    if (current == flag) {
                        lines.append(stream == OutputListener.Stream.STDERR ? "stderr: " + line : line);
                    }
                }, Progress.silent(flag::get));
                end = "— dmesg --follow on " + name + " ended";
            } catch (Throwable t) {
                end = flag.get() ? "— stopped following " + name
                        : "— following " + name + " ended: " + UserMessages.of(t);
            }
            lines.append(end);
            workers.ui().execute(() -> {
                if (current == flag) {
                    following.set(false);
                    current = null;
                }
            });
        });
        return true;
    }

    public void stop() {
        AtomicBoolean f = current;
        if (f != null) {
            f.set(true);
        }
    }

    /** Stops following when {@code name} is the host being followed (it left, or was deselected). */
    void stopIfFollowing(String name) {
        if (following.get() && host.get().equals(name)) {
            stop();
        }
    }

    public ObservableList<String> lines() {
        return lines.lines();
    }

    public BooleanProperty followingProperty() {
        return following;
    }

    /** The host followed (or last followed). */
    public StringProperty hostProperty() {
        return host;
    }
}
