package org.foosched.views.deploy;

import org.foosched.remote.deploy.SchedulerMetrics;

import java.util.function.Function;

/** The timings a scheduler module prints for a load or an unload, as the chart's series. */
public enum DowntimeMetric {
    STOP_MACHINE("stop machine", SchedulerMetrics::stopMachineNs),
    STOP_HANDLER("stop handler", SchedulerMetrics::stopHandlerNs),
    STACK_CHECK("stack check", SchedulerMetrics::stackCheckNs),
    ALL("all", SchedulerMetrics::totalNs);

    private final String label;
    private final Function<SchedulerMetrics, Long> value;

    DowntimeMetric(String label, Function<SchedulerMetrics, Long> value) {
        this.label = label;
        this.value = value;
    }

    public String label() {
        return label;
    }

    /** Nanoseconds, or {@code null} when the module did not print it. */
    public Long nanos(SchedulerMetrics m) {
        return value.apply(m);
    }
}
