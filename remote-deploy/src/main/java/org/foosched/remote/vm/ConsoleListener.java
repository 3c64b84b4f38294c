package org.foosched.remote.vm;

/** Hears what a {@link ConsoleWatcher} sees. Called on the watcher's thread. */
public interface ConsoleListener {

    /** A kernel failure with its context. */
    void onEvent(ConsoleEvent event);

    /** Every console line, for a live console view. */
    default void onLine(String line) {
    }
}
