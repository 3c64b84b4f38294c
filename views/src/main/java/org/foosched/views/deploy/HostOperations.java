package org.foosched.views.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.HostStatus;
import org.foosched.views.workbench.UserMessages;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs one operation on a host at a time: the work on a worker with the host's progress, then
 * (when asked) the host's status and the deploy history are read again however the work ended,
 * so the panel shows what is true now, and the entry is updated on the UI thread.
 */
final class HostOperations {

    /** When cancel is allowed during an operation. */
    enum Window { DEPLOY, NEVER }

    @FunctionalInterface
    interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /**
     * How an operation ended.
     *
     * @param value         its result, when it succeeded
     * @param failure       why it failed, else {@code null}
     * @param cancelTooLate a cancel was asked for after it could no longer stop anything
     */
    record Outcome<T>(T value, Throwable failure, boolean cancelTooLate) {
    }

    @FunctionalInterface
    interface Done<T> {
        void accept(HostEntry entry, Outcome<T> outcome);
    }

    /** What to read again after the work. */
    enum After { NOTHING, STATUS, STATUS_AND_HISTORY }

    private final DeployBackend backend;
    private final DeployWorkers workers;
    private final Function<HostEntry, String> busy;
    private final Consumer<String> refused;
    private final Consumer<List<DeploymentRecord>> history;

    /**
     * @param busy    why a host cannot take an operation now (null: it can)
     * @param refused told the message when an operation is refused
     * @param history given the history read after an operation
     */
    HostOperations(DeployBackend backend, DeployWorkers workers, Function<HostEntry, String> busy,
                   Consumer<String> refused, Consumer<List<DeploymentRecord>> history) {
        this.backend = backend;
        this.workers = workers;
        this.busy = busy;
        this.refused = refused;
        this.history = history;
    }

    /** True (and the message told) when {@code e} is busy. */
    boolean refuseBusy(HostEntry e) {
        String b = busy.apply(e);
        if (b == null) {
            return false;
        }
        refused.accept("host " + e.name() + " is busy (" + b + "); one operation per host at a time");
        return true;
    }

    /** Starts {@code work} on {@code e}, or refuses (false) while another operation runs there. */
    <T> boolean run(HostEntry e, String what, Window window, Work<T> work, After after, Done<T> done) {
        if (refuseBusy(e)) {
            return false;
        }
        refused.accept("");
        e.busyProperty().set(what);
        e.progress().reset();
        e.progress().runningProperty().set(true);
        e.resultProperty().set(what + "…");
        Consumer<Boolean> cancellable = c -> workers.ui().execute(() -> e.cancellableProperty().set(c && e.isBusy()));
        CancelWindow p = window == Window.DEPLOY ? CancelWindow.forDeploy(e.progress(), cancellable)
                : CancelWindow.never(e.progress(), cancellable);
        String name = e.name();
        workers.submit(() -> {
            T value = null;
            Throwable failure = null;
            try {
                value = work.run(p);
            } catch (Throwable t) {
                failure = t;
                workers.failure(name, t);
            }
            HostStatus status = null;
            Throwable statusFailure = null;
            if (after != After.NOTHING) {
                try {
                    status = backend.status(backend.host(name));
                } catch (Throwable t) {
                    statusFailure = t;
                    workers.log(name, "status: " + UserMessages.of(t));
                }
            }
            List<DeploymentRecord> h = null;
            if (after == After.STATUS_AND_HISTORY) {
                try {
                    h = backend.history();
                } catch (Throwable t) {
                    workers.log(name, "history: " + UserMessages.of(t));
                }
            }
            Outcome<T> outcome = new Outcome<>(value, failure, p.cancelCameTooLate());
            HostStatus st = status;
            Throwable sf = statusFailure;
            List<DeploymentRecord> hist = h;
            workers.ui().execute(() -> {
                e.busyProperty().set("");
                e.cancellableProperty().set(false);
                e.progress().runningProperty().set(false);
                if (outcome.failure() == null) {
                    e.progress().fractionProperty().set(1);
                }
                if (after != After.NOTHING) {
                    if (sf == null) {
                        e.showStatus(st);
                    } else {
                        e.statusFailed(sf);
                    }
                }
                if (hist != null) {
                    history.accept(hist);
                }
                done.accept(e, outcome);
                workers.log(name, e.resultProperty().get());
            });
        });
        return true;
    }
}
