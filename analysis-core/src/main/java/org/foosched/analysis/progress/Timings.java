package org.foosched.analysis.progress;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The wall time of each step of a pipeline, in the order the steps ran. */
public final class Timings {

    private final Map<String, Duration> steps = new LinkedHashMap<>();

    public <T> T time(String step, Supplier<T> work) {
        long t0 = System.nanoTime();
        try {
            return work.get();
        } finally {
            steps.merge(step, Duration.ofNanos(System.nanoTime() - t0), Duration::plus);
        }
    }

    public Map<String, Duration> asMap() {
        return Collections.unmodifiableMap(steps);
    }
}
