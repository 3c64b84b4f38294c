package org.foosched.views.deploy;

import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.MetricsPhase;
import org.foosched.remote.deploy.SchedulerMetrics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The downtime of one host's deployments, from the deploy history: every load a deploy
 * installed and every unload a rollback removed, oldest first (the chart puts the newest on
 * the right), and the latest of each for the table. "Already installed" deploys changed
 * nothing and repeat an earlier load's figures, so they are not points of their own.
 */
public final class DowntimeHistory {

    /** How many deployments the chart shows at most (the newest). */
    public static final int DEFAULT_LIMIT = 20;

    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    /**
     * One load or unload.
     *
     * @param label   the chart's category: {@code #n MM-dd HH:mm:ss}, n counting this host's
     *                loads (or unloads) in the history from 1
     * @param time    when the deploy or rollback finished (ISO-8601)
     * @param pkg     package name and version
     * @param metrics what the module printed
     */
    public record Point(String label, String time, String pkg, SchedulerMetrics metrics) {
    }

    /**
     * @param host    inventory name
     * @param loads   deploys' load metrics, oldest first
     * @param unloads rollbacks' unload metrics, oldest first
     */
    public record Chart(String host, List<Point> loads, List<Point> unloads) {

        public static Chart empty(String host) {
            return new Chart(host, List.of(), List.of());
        }

        public List<Point> points(MetricsPhase phase) {
            return phase == MetricsPhase.LOAD ? loads : unloads;
        }

        public boolean isEmpty() {
            return loads.isEmpty() && unloads.isEmpty();
        }
    }

    /**
     * A row of the latest deployment's table.
     *
     * @param metric what
     * @param load   its value at the latest load
     * @param unload its value at the latest unload
     */
    public record Row(String metric, String load, String unload) {
    }

    private DowntimeHistory() {
    }

    public static Chart chart(List<DeploymentRecord> history, String host) {
        return chart(history, host, DEFAULT_LIMIT);
    }

    public static Chart chart(List<DeploymentRecord> history, String host, int limit) {
        List<DeploymentRecord> mine = new ArrayList<>(history.stream().filter(r -> host.equals(r.host())).toList());
        // the file is appended in order; sorting by the parsed time keeps that order and mends hand-merged files
        mine.sort(Comparator.comparing(DowntimeHistory::instant, Comparator.nullsFirst(Comparator.naturalOrder())));
        List<Point> loads = new ArrayList<>();
        List<Point> unloads = new ArrayList<>();
        for (DeploymentRecord r : mine) {
            SchedulerMetrics m = r.metrics();
            if (m == null) {
                continue;
            }
            if ("deploy".equals(r.action()) && "installed".equals(r.outcome()) && m.phase() == MetricsPhase.LOAD) {
                loads.add(point(loads.size() + 1, r));
            } else if ("rollback".equals(r.action()) && "removed".equals(r.outcome()) && m.phase() == MetricsPhase.UNLOAD) {
                unloads.add(point(unloads.size() + 1, r));
            }
        }
        return new Chart(host, newest(loads, limit), newest(unloads, limit));
    }

    private static List<Point> newest(List<Point> all, int limit) {
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    private static Point point(int n, DeploymentRecord r) {
        Instant t = instant(r);
        return new Point("#" + n + " " + (t == null ? "?" : LABEL.format(t)), r.time(),
                r.packageName() + " " + r.packageVersion(), r.metrics());
    }

    private static Instant instant(DeploymentRecord r) {
        try {
            return r.time() == null ? null : Instant.parse(r.time());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The latest load and the latest unload side by side, as the table shows them. */
    public static List<Row> latest(Chart chart) {
        Point load = chart.loads().isEmpty() ? null : chart.loads().get(chart.loads().size() - 1);
        Point unload = chart.unloads().isEmpty() ? null : chart.unloads().get(chart.unloads().size() - 1);
        if (load == null && unload == null) {
            return List.of();
        }
        SchedulerMetrics l = load == null ? null : load.metrics();
        SchedulerMetrics u = unload == null ? null : unload.metrics();
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("deployment", load == null ? "–" : load.pkg() + ", " + load.label(),
                unload == null ? "–" : unload.pkg() + ", " + unload.label()));
        rows.add(new Row("CPUs", count(l == null ? null : l.cpus()), count(u == null ? null : u.cpus())));
        rows.add(new Row("threads", count(l == null ? null : l.threads()), count(u == null ? null : u.threads())));
        rows.add(new Row("initialization", HostFacts.ms(l == null ? null : l.initializationNs()), "–"));
        for (DowntimeMetric d : DowntimeMetric.values()) {
            String name = d == DowntimeMetric.STOP_MACHINE ? "stop machine (downtime)" : d.label();
            rows.add(new Row(name, HostFacts.ms(l == null ? null : d.nanos(l)), HostFacts.ms(u == null ? null : d.nanos(u))));
        }
        return rows;
    }

    /** Milliseconds for the chart; {@code null} when missing. */
    public static Double millis(Long ns) {
        return ns == null ? null : ns / 1e6;
    }

    private static String count(Integer n) {
        return n == null ? "–" : String.format(Locale.ROOT, "%d", n);
    }
}
