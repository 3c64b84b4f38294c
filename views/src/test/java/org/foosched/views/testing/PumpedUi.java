package org.foosched.views.testing;

import org.foosched.views.workbench.WorkbenchContext;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A stand-in for the JavaFX application thread in view-model tests: work handed to "the UI"
 * queues up and runs on the test's thread when the test pumps, so the view-models see one UI
 * thread, as in the application, without a toolkit.
 */
public final class PumpedUi implements Executor {

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

    @Override
    public void execute(Runnable r) {
        queue.add(r);
    }

    /** Runs what is queued now. */
    public void pump() {
        Runnable r;
        while ((r = queue.poll()) != null) {
            r.run();
        }
    }

    /** Runs queued work until {@code done} holds; fails after {@code timeout}. */
    public void pumpUntil(BooleanSupplier done, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        pump();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out after " + timeout + " waiting for the view-model");
            }
            try {
                Runnable r = queue.poll(20, TimeUnit.MILLISECONDS);
                if (r != null) {
                    r.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** A workbench context whose UI thread is this. */
    public WorkbenchContext context() {
        return new WorkbenchContext(this, Executors.newFixedThreadPool(2, WorkbenchContext.daemon("test-work")),
                Executors.newSingleThreadScheduledExecutor(WorkbenchContext.daemon("test-timer")));
    }
}
