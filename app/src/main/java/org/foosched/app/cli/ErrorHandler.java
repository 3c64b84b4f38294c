package org.foosched.app.cli;

import org.foosched.analysis.progress.Progress;
import picocli.CommandLine;

import java.io.UncheckedIOException;

/**
 * Turns the failures users meet (bad config, missing kit, unreachable host, …) into one
 * clear line on stderr and exit code 1; only bugs print a stack trace (and only with
 * {@code FOOSCHED_DEBUG=1} they always do).
 */
public final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parse) {
        boolean debug = System.getenv("FOOSCHED_DEBUG") != null;
        if (ex instanceof Progress.CancelledException) {
            cmd.getErr().println("foosched: cancelled; nothing was left half-done");
            return 130;
        }
        boolean expected = ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException
                || ex.getClass().getName().startsWith("org.foosched.");
        cmd.getErr().println("foosched: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
        if (debug || !expected) {
            ex.printStackTrace(cmd.getErr());
        }
        return 1;
    }
}
