package org.foosched.app.cli;

import org.foosched.analysis.progress.Progress;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The CLI's progress line: on a terminal one line rewritten in place ("[ 42%] download …"),
 * otherwise (CI logs) a line per step and at most one per percent-decade. Log lines are
 * printed with {@code --verbose}. Ctrl-C sets the cancellation flag, so long work stops at
 * its next safe point and cleans up.
 */
public final class ConsoleProgress implements Progress {

    private final PrintWriter out;
    private final boolean verbose;
    private final boolean tty;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private String lastStep = "";
    private int lastDecade = -1;
    private boolean lineOpen;

    public ConsoleProgress(PrintWriter out, boolean verbose) {
        this.out = out;
        this.verbose = verbose;
        this.tty = System.console() != null && System.getenv("CI") == null;
    }

    /** Installs a shutdown hook so Ctrl-C cancels instead of killing mid-write. */
    public ConsoleProgress cancelOnInterrupt() {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> cancelled.set(true)));
        return this;
    }

    @Override
    public synchronized void step(String what, double fraction) {
        String pct = fraction < 0 ? "    " : String.format("%3d%%", Math.round(fraction * 100));
        if (tty) {
            out.print("\r\033[K[" + pct + "] " + what);
            out.flush();
            lineOpen = true;
            return;
        }
        int decade = fraction < 0 ? -1 : (int) (fraction * 10);
        if (!what.equals(lastStep) || decade != lastDecade) {
            out.println("[" + pct + "] " + what);
            lastStep = what;
            lastDecade = decade;
        }
    }

    @Override
    public synchronized void log(String line) {
        if (!verbose) {
            return;
        }
        if (lineOpen) {
            out.print("\r\033[K");
            lineOpen = false;
        }
        out.println("  " + line);
    }

    /** Ends the progress line before normal output follows. */
    public synchronized void done() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }
}
