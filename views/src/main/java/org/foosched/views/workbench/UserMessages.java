package org.foosched.views.workbench;

import org.foosched.analysis.config.ConfigException;
import org.foosched.analysis.progress.Progress;

import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failure into what the user reads: the message of the failures users meet (bad
 * configuration, missing kit, a patch that does not apply), never a stack trace; only bugs
 * name their exception class, so they can be reported.
 */
public final class UserMessages {

    private UserMessages() {
    }

    public static String of(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof Progress.CancelledException) {
            return "cancelled; nothing was left half-done";
        }
        if (e instanceof ConfigException c) {
            return String.join("\n", c.problems().stream().map(Object::toString).toList());
        }
        if (isExpected(e)) {
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
        return "internal error (" + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + "); the log has the details";
    }

    /** The failures users meet, as opposed to bugs. */
    public static boolean isExpected(Throwable e) {
        return e instanceof IllegalArgumentException || e instanceof UncheckedIOException
                || e instanceof Progress.CancelledException
                || e.getClass().getName().startsWith("org.foosched.");
    }
}
