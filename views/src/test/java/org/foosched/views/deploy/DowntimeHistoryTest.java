package org.foosched.views.deploy;

import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.MetricsPhase;
import org.foosched.remote.deploy.SchedulerMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DowntimeHistoryTest {

    static SchedulerMetrics metrics(MetricsPhase phase, long stopMachineUs) {
        return new SchedulerMetrics("scheduler", phase, 10.0, phase == MetricsPhase.LOAD ? 120_000_000L : null, 2, 67,
                stopMachineUs * 1000, stopMachineUs * 600, 1_300_000L, stopMachineUs * 1000 + 2_000_000);
    }

    static DeploymentRecord deploy(String time, String host, String version, String outcome, long us) {
        return new DeploymentRecord(time, "deploy", host, "6.1.0-56-amd64", "scheduler", version, "/w/p.deb", outcome,
                7000, metrics(MetricsPhase.LOAD, us));
    }

    static DeploymentRecord rollback(String time, String host, String version, long us) {
        return new DeploymentRecord(time, "rollback", host, "6.1.0-56-amd64", "scheduler", version, null, "removed",
                5000, metrics(MetricsPhase.UNLOAD, us));
    }

    @Test
    void eachHostsLoadsAndUnloadsInTimeOrderWithoutRepeats() {
        List<DeploymentRecord> h = List.of(
                deploy("2026-11-27T04:00:00Z", "testbed", "1.0.0", "installed", 16_000),
                deploy("2026-11-27T04:00:05.5Z", "lab1", "1.0.0", "installed", 900),
                // "already installed" repeats the figures of the load before it: not a point of its own
                deploy("2026-11-27T04:00:10Z", "testbed", "1.0.0", "already-installed", 16_000),
                rollback("2026-11-27T04:01:00Z", "testbed", "1.0.0", 8_800),
                new DeploymentRecord("2026-11-27T04:01:30Z", "deploy", "testbed", "r", "scheduler", "1.0.1", "/p", "installed",
                        1, null), // printed no metrics
                deploy("2026-11-27T04:02:00.100Z", "testbed", "1.0.1", "installed", 17_000),
                rollback("2026-11-27T04:02:00Z", "testbed", "1.0.1", 9_000));
        DowntimeHistory.Chart c = DowntimeHistory.chart(h, "testbed");
        assertThat(c.loads()).extracting(p -> p.metrics().stopMachineNs()).containsExactly(16_000_000L, 17_000_000L);
        assertThat(c.loads()).extracting(DowntimeHistory.Point::pkg).containsExactly("scheduler 1.0.0", "scheduler 1.0.1");
        assertThat(c.loads().get(0).label()).startsWith("#1 ");
        assertThat(c.loads().get(1).label()).startsWith("#2 ");
        assertThat(c.unloads()).extracting(p -> p.metrics().stopMachineNs()).containsExactly(8_800_000L, 9_000_000L);
        assertThat(DowntimeHistory.chart(h, "lab1").loads()).hasSize(1);
        assertThat(DowntimeHistory.chart(h, "nobody").isEmpty()).isTrue();
    }

    @Test
    void theNewestAreKeptOnTheRight() {
        List<DeploymentRecord> h = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            h.add(deploy(String.format("2026-11-27T05:%02d:00Z", i), "testbed", "1." + i, "installed", 1000 + i));
        }
        DowntimeHistory.Chart c = DowntimeHistory.chart(h, "testbed");
        assertThat(c.loads()).hasSize(DowntimeHistory.DEFAULT_LIMIT);
        assertThat(c.loads().get(0).pkg()).isEqualTo("scheduler 1.5");
        assertThat(c.loads().get(19).pkg()).isEqualTo("scheduler 1.24");
        assertThat(c.loads().get(19).label()).startsWith("#25 ");
    }

    @Test
    void theLatestLoadAndUnloadSideBySide() {
        List<DeploymentRecord> h = List.of(
                deploy("2026-11-27T04:00:00Z", "testbed", "1.0.0", "installed", 16_000),
                rollback("2026-11-27T04:01:00Z", "testbed", "1.0.0", 8_800),
                deploy("2026-11-27T04:02:00Z", "testbed", "1.0.1", "installed", 16_493));
        List<DowntimeHistory.Row> rows = DowntimeHistory.latest(DowntimeHistory.chart(h, "testbed"));
        assertThat(rows).extracting(DowntimeHistory.Row::metric).containsExactly("deployment", "CPUs", "threads",
                "initialization", "stop machine (downtime)", "stop handler", "stack check", "all");
        assertThat(rows.get(0).load()).startsWith("scheduler 1.0.1, #2 ");
        assertThat(rows.get(0).unload()).startsWith("scheduler 1.0.0, #1 ");
        assertThat(rows.get(3)).isEqualTo(new DowntimeHistory.Row("initialization", "120.000 ms", "–"));
        assertThat(rows.get(4)).isEqualTo(new DowntimeHistory.Row("stop machine (downtime)", "16.493 ms", "8.800 ms"));
        assertThat(rows.get(6)).isEqualTo(new DowntimeHistory.Row("stack check", "1.300 ms", "1.300 ms"));
        assertThat(DowntimeHistory.latest(DowntimeHistory.Chart.empty("x"))).isEmpty();
    }
}
