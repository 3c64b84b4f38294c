package org.foosched.analysis.progress;

import java.util.function.BooleanSupplier;

/**
 * Where long operations report what they do. The CLI prints a progress line, the workbench
 * drives a progress bar and a log console; tests collect the lines. Implementations must be
 * thread-safe: work runs off the UI thread and may report from several threads.
 */
public interface Progress {

    /** A step of the operation; {@code fraction} in [0,1], or negative when unknown. */
    void step(String what, double fraction);

    /** A line for the log console (compiler output, commands run, decisions made). */
    void log(String line);

    /** True when the user asked to stop; long work checks it between safe points. */
    default boolean isCancelled() {
        return false;
    }

    /** Throws {@link CancelledException} when the user asked to stop. */
    default void checkCancelled() {
        if (isCancelled()) {
            throw new CancelledException();
        }
    }

    /** Reports nothing, never cancels. */
    Progress NONE = new Progress() {
        @Override
        public void step(String what, double fraction) {
        }

        @Override
        public void log(String line) {
        }
    };

    /** Reports nothing; cancelled once {@code cancelled} says so (a stop flag for a viewer, a test). */
    static Progress silent(BooleanSupplier cancelled) {
        return new Progress() {
            @Override
            public void step(String what, double fraction) {
            }

            @Override
            public void log(String line) {
            }

            @Override
            public boolean isCancelled() {
                return cancelled.getAsBoolean();
            }
        };
    }

    /** Thrown by {@link #checkCancelled()}; the operation leaves no partial output behind. */
    final class CancelledException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public CancelledException() {
            super("cancelled by the user");
        }
    }
}
