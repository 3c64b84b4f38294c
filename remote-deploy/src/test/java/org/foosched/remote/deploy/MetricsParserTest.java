package org.foosched.remote.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MetricsParserTest {

    static String resource(String name) throws IOException {
        try (InputStream in = MetricsParserTest.class.getResourceAsStream("/dmesg/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsTheSeedReadmesLoadAndUnloadWithTimestamps() throws IOException {
        List<SchedulerMetrics> all = MetricsParser.parse(resource("seed-load-unload.txt"));
        assertThat(all).containsExactly(
                new SchedulerMetrics("scheduler", MetricsPhase.LOAD, 6092.923037, 6855921L, 64, 667, 249471L, 160616L,
                        85916L, 1097321L),
                new SchedulerMetrics("scheduler", MetricsPhase.UNLOAD, 6717.809110, null, 64, 670, 321757L, 142844L,
                        74938L, 14185493L));
        assertThat(all).allMatch(SchedulerMetrics::complete);
    }

    @Test
    void readsLinesWithoutTimestampsOrWithASyslogPriority() {
        String text = String.join("\n",
                "<6>scheduler load: current cpu number is 4",
                "scheduler load: current thread number is       99",
                "scheduler load: stop machine time is 1000 ns",
                "scheduler load: stop handler time is\t900 ns",
                "scheduler load: stack check time is 800 ns",
                "scheduler load: all the time is 5000 ns   ");
        assertThat(MetricsParser.parse(text)).containsExactly(
                new SchedulerMetrics("scheduler", MetricsPhase.LOAD, null, null, 4, 99, 1000L, 900L, 800L, 5000L));
    }

    @Test
    void aRepeatedFigureStartsTheNextRecordAndTheInitLineJoinsTheFollowingLoad() throws IOException {
        List<SchedulerMetrics> all = MetricsParser.parse(resource("testmod-guest.txt"));
        assertThat(all).extracting(SchedulerMetrics::phase)
                .containsExactly(MetricsPhase.LOAD, MetricsPhase.UNLOAD, MetricsPhase.LOAD);
        assertThat(all.get(0).initializationNs()).isEqualTo(192330L);
        assertThat(all.get(0).timestamp()).isEqualTo(13.824531);
        assertThat(all.get(2).initializationNs()).isEqualTo(181000L);
        assertThat(all.get(2).threads()).isEqualTo(63);
        assertThat(all.get(1).initializationNs()).isNull();

        assertThat(MetricsParser.latest(all, MetricsPhase.LOAD, "fs_testmod")).get()
                .extracting(SchedulerMetrics::stopMachineNs).isEqualTo(30000000L);
        assertThat(MetricsParser.latest(all, MetricsPhase.UNLOAD, "fs_testmod")).get()
                .extracting(SchedulerMetrics::totalNs).isEqualTo(23687020L);
    }

    @Test
    void anIncompleteRecordIsKeptButMarkedIncomplete() {
        List<SchedulerMetrics> all = MetricsParser.parse(String.join("\n",
                "[ 1.0] scheduler load: current cpu number is 2",
                "[ 1.1] scheduler load: stop machine time is 7 ns",
                "[ 1.2] scheduler unload: current cpu number is 2"));
        assertThat(all).hasSize(2);
        assertThat(all.get(0).complete()).isFalse();
        assertThat(all.get(0).stopMachineNs()).isEqualTo(7L);
        assertThat(all.get(0).threads()).isNull();
    }

    @Test
    void latestPrefersTheNamedModuleAndFallsBackToAnyOther() {
        List<SchedulerMetrics> all = MetricsParser.parse(String.join("\n",
                "[ 1.0] alpha load: current cpu number is 1",
                "[ 2.0] scheduler load: current cpu number is 2",
                "[ 3.0] alpha unload: current cpu number is 3"));
        assertThat(MetricsParser.latest(all, MetricsPhase.LOAD, "alpha")).get()
                .extracting(SchedulerMetrics::cpus).isEqualTo(1);
        assertThat(MetricsParser.latest(all, MetricsPhase.LOAD, "beta")).get()
                .extracting(SchedulerMetrics::cpus).isEqualTo(2);
        assertThat(MetricsParser.latest(all, MetricsPhase.UNLOAD, "beta")).get()
                .extracting(SchedulerMetrics::cpus).isEqualTo(3);
        assertThat(MetricsParser.latest(List.of(), MetricsPhase.LOAD, "alpha")).isEmpty();
    }

    @Test
    void ignoresLinesThatOnlyLookSimilar() {
        assertThat(MetricsParser.parse(String.join("\n",
                "[ 1.0] scheduler load: current cpu number is many",
                "[ 1.0] scheduler load: the weather is 20 ns",
                "[ 1.0] I am the new scheduler: __schedule",
                "[ 1.0] scheduler reload: current cpu number is 2"))).isEmpty();
    }

    @Test
    void timestampsAreReadFromKernelLogLines() {
        assertThat(MetricsParser.timestamp("[ 6092.924138] scheduler load: x")).contains(6092.924138);
        assertThat(MetricsParser.timestamp("<4>[   13.8] y")).contains(13.8);
        assertThat(MetricsParser.timestamp("no stamp [1.0]")).isEmpty();
    }
}
