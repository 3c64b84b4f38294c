package org.foosched.analysis.testing;

import org.foosched.analysis.progress.Progress;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/** Collects steps and log lines; cancels when asked. */
public class RecordingProgress implements Progress {
    public final List<String> steps = new CopyOnWriteArrayList<>();
    public final List<String> log = new CopyOnWriteArrayList<>();
    public final AtomicBoolean cancel = new AtomicBoolean();

    @Override
    public void step(String what, double fraction) {
        steps.add(what);
    }

    @Override
    public void log(String line) {
        log.add(line);
    }

    @Override
    public boolean isCancelled() {
        return cancel.get();
    }
}
