package org.foosched.remote.deploy;

/**
 * One load or unload of a scheduler module as its dmesg lines report it (the seed's format).
 * Fields the module did not print are {@code null}.
 *
 * @param source           the word before the phase: the module's name ({@code scheduler} in the seed)
 * @param phase            load or unload
 * @param timestamp        seconds since boot of the first line, or {@code null} without printk times
 * @param initializationNs "total initialization time" (printed before a load)
 * @param cpus             "current cpu number"
 * @param threads          "current thread number"
 * @param stopMachineNs    "stop machine time": the downtime
 * @param stopHandlerNs    "stop handler time"
 * @param stackCheckNs     "stack check time"
 * @param totalNs          "all the time"
 */
public record SchedulerMetrics(String source, MetricsPhase phase, Double timestamp, Long initializationNs,
                               Integer cpus, Integer threads, Long stopMachineNs, Long stopHandlerNs,
                               Long stackCheckNs, Long totalNs) {

    /** True when every per-phase figure is present. */
    public boolean complete() {
        return cpus != null && threads != null && stopMachineNs != null && stopHandlerNs != null
                && stackCheckNs != null && totalNs != null;
    }
}
