package org.foosched.app.cli;

import org.foosched.analysis.progress.Progress;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/** Progress on standard error: a line per step, log lines indented. Ctrl-C cancels. */
final class CliProgress implements Progress {

    private final PrintWriter err;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private String lastStep = "";

    CliProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public synchronized void step(String what, double fraction) {
        if (!what.equals(lastStep)) {
            lastStep = what;
            err.println(fraction >= 0 ? String.format("[%3d%%] %s", Math.round(fraction * 100), what) : "[....] " + what);
            err.flush();
        }
    }

    @Override
    public synchronized void log(String line) {
        err.println("       " + line);
        err.flush();
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    void cancel() {
        cancelled.set(true);
    }
}
