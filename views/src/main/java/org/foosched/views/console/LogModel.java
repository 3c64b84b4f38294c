package org.foosched.views.console;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The log console's lines. Any thread may append (compiler output arrives from a reader
 * thread); lines are handed to the UI thread in batches, so a chatty build cannot flood the
 * event queue, and only the last {@value #MAX_LINES} are kept.
 */
public final class LogModel {

    public static final int MAX_LINES = 20_000;

    private final Executor ui;
    private final ObservableList<String> lines = FXCollections.observableArrayList();
    private final ConcurrentLinkedQueue<String> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    public LogModel(Executor ui) {
        this.ui = ui;
    }

    public ObservableList<String> lines() {
        return lines;
    }

    public void append(String line) {
        pending.add(line);
        if (flushScheduled.compareAndSet(false, true)) {
            ui.execute(this::flush);
        }
    }

    private void flush() {
        flushScheduled.set(false);
        List<String> batch = new ArrayList<>();
        String l;
        while ((l = pending.poll()) != null) {
            batch.add(l);
        }
        if (batch.isEmpty()) {
            return;
        }
        lines.addAll(batch);
        int excess = lines.size() - MAX_LINES;
        if (excess > 0) {
            lines.remove(0, excess);
        }
    }

    public void clear() {
        lines.clear();
    }
}
