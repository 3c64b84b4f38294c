package org.foosched.views.deploy;

import javafx.collections.ObservableList;
import org.foosched.views.console.LogModel;
import org.foosched.views.workbench.UserMessages;
import org.foosched.views.workbench.WorkbenchContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * What the deploy panel's parts share: the worker threads that talk to hosts, files and QEMU,
 * the UI thread their results go back to, and the panel's console (every line also goes to the
 * workbench's log, prefixed with the host it is about).
 */
final class DeployWorkers {

    private final WorkbenchContext ctx;
    private final ExecutorService workers;
    private final LogModel console;

    DeployWorkers(WorkbenchContext ctx, ExecutorService workers) {
        this.ctx = ctx;
        this.workers = workers;
        this.console = new LogModel(ctx.ui());
    }

    Executor ui() {
        return ctx.ui();
    }

    WorkbenchContext context() {
        return ctx;
    }

    /** Runs {@code work} on a worker. */
    void submit(Runnable work) {
        workers.submit(work);
    }

    /** Runs {@code work} on a worker, then {@code ok} or {@code failed} on the UI thread. */
    <T> void background(Callable<T> work, Consumer<T> ok, Consumer<Throwable> failed) {
        workers.submit(() -> {
            try {
                T r = work.call();
                ctx.ui().execute(() -> ok.accept(r));
            } catch (Throwable t) {
                failure("deploy", t);
                ctx.ui().execute(() -> failed.accept(t));
            }
        });
    }

    /** A line about {@code who} (a host, "vm testbed", "deploy"). */
    void log(String who, String line) {
        String l = line.startsWith(who + "| ") ? line : who + ": " + line;
        console.append(l);
        ctx.log().append(l);
    }

    /** The user's message for a failure; the stack trace too (workbench log only) when it was not expected. */
    void failure(String who, Throwable t) {
        log(who, "error: " + UserMessages.of(t));
        if (!UserMessages.isExpected(t)) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            sw.toString().lines().forEach(ctx.log()::append);
        }
    }

    ObservableList<String> console() {
        return console.lines();
    }

    void shutdown() {
        workers.shutdownNow();
    }
}
