package org.foosched.remote.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the metric lines scheduler modules print to the kernel log, in the seed's format:
 * <pre>
 * [ 6092.923037] scheduler: total initialization time is        6855921 ns
 * [ 6092.924136] scheduler load: current cpu number is               64
 * [ 6092.924137] scheduler load: current thread number is           667
 * [ 6092.924138] scheduler load: stop machine time is            249471 ns
 * [ 6092.924138] scheduler load: stop handler time is            160616 ns
 * [ 6092.924138] scheduler load: stack check time is              85916 ns
 * [ 6092.924139] scheduler load: all the time is                1097321 ns
 * </pre>
 * and the same with {@code unload:}. Timestamps, a syslog priority prefix ({@code <6>}) and
 * any amount of padding are accepted; other lines are ignored. Consecutive lines of one module
 * and phase form one {@link SchedulerMetrics}; a repeated figure starts the next one. The
 * initialization line belongs to the load that follows it.
 */
public final class MetricsParser {

    private static final Pattern LINE = Pattern.compile(
            "^(?:<\\d+>)?(?:\\[\\s*(?<ts>\\d+\\.\\d+)\\]\\s*)?(?<src>[\\w.-]+)(?: (?<phase>load|unload))?:\\s+"
                    + "(?<label>total initialization time|current cpu number|current thread number|stop machine time"
                    + "|stop handler time|stack check time|all the time) is\\s+(?<value>\\d+)(?:\\s*ns)?\\s*$");

    private static final Pattern TIMESTAMP = Pattern.compile("^(?:<\\d+>)?\\[\\s*(\\d+\\.\\d+)\\]");

    private MetricsParser() {
    }

    public static List<SchedulerMetrics> parse(String text) {
        return parse(text.lines().toList());
    }

    public static List<SchedulerMetrics> parse(List<String> lines) {
        List<SchedulerMetrics> result = new ArrayList<>();
        Map<String, long[]> pendingInit = new HashMap<>();
        Map<String, Double> pendingInitTs = new HashMap<>();
        Builder current = null;
        for (String raw : lines) {
            Matcher m = LINE.matcher(raw.strip());
            if (!m.matches()) {
                continue;
            }
            String source = m.group("src");
            String label = m.group("label");
            long value = Long.parseLong(m.group("value"));
            Double ts = m.group("ts") == null ? null : Double.valueOf(m.group("ts"));
            if (m.group("phase") == null) {
                if (label.equals("total initialization time")) {
                    pendingInit.put(source, new long[] {value});
                    pendingInitTs.put(source, ts);
                }
                continue;
            }
            MetricsPhase phase = m.group("phase").equals("load") ? MetricsPhase.LOAD : MetricsPhase.UNLOAD;
            if (current == null || !current.accepts(source, phase, label)) {
                if (current != null) {
                    result.add(current.build());
                }
                current = new Builder(source, phase, ts);
                if (phase == MetricsPhase.LOAD && pendingInit.containsKey(source)) {
                    current.initializationNs = pendingInit.remove(source)[0];
                    Double initTs = pendingInitTs.remove(source);
                    if (initTs != null) {
                        current.timestamp = initTs;
                    }
                }
            }
            current.set(label, value);
        }
        if (current != null) {
            result.add(current.build());
        }
        return result;
    }

    /** The last metrics of that phase, preferring those of {@code source} when there are any. */
    public static Optional<SchedulerMetrics> latest(List<SchedulerMetrics> all, MetricsPhase phase, String source) {
        SchedulerMetrics any = null;
        SchedulerMetrics own = null;
        for (SchedulerMetrics m : all) {
            if (m.phase() != phase) {
                continue;
            }
            any = m;
            if (m.source().equals(source)) {
                own = m;
            }
        }
        return Optional.ofNullable(own != null ? own : any);
    }

    /** The printk timestamp of a kernel log line, if it has one. */
    public static Optional<Double> timestamp(String line) {
        Matcher m = TIMESTAMP.matcher(line);
        return m.find() ? Optional.of(Double.valueOf(m.group(1))) : Optional.empty();
    }

    private static final class Builder {
        final String source;
        final MetricsPhase phase;
        Double timestamp;
        Long initializationNs;
        Integer cpus;
        Integer threads;
        Long stopMachineNs;
        Long stopHandlerNs;
        Long stackCheckNs;
        Long totalNs;

        Builder(String source, MetricsPhase phase, Double timestamp) {
            this.source = source;
            this.phase = phase;
            this.timestamp = timestamp;
        }

        boolean accepts(String src, MetricsPhase ph, String label) {
            return source.equals(src) && phase == ph && get(label) == null;
        }

        Object get(String label) {
            return switch (label) {
                case "current cpu number" -> cpus;
                case "current thread number" -> threads;
                case "stop machine time" -> stopMachineNs;
                case "stop handler time" -> stopHandlerNs;
                case "stack check time" -> stackCheckNs;
                case "all the time" -> totalNs;
                default -> null;
            };
        }

        void set(String label, long v) {
            switch (label) {
                case "current cpu number" -> cpus = (int) v;
                case "current thread number" -> threads = (int) v;
                case "stop machine time" -> stopMachineNs = v;
                case "stop handler time" -> stopHandlerNs = v;
                case "stack check time" -> stackCheckNs = v;
                case "all the time" -> totalNs = v;
                default -> {
                }
            }
        }

        SchedulerMetrics build() {
            return new SchedulerMetrics(source, phase, timestamp, initializationNs, cpus, threads, stopMachineNs,
                    stopHandlerNs, stackCheckNs, totalNs);
        }
    }
}
