package org.foosched.analysis.collect;

import org.foosched.analysis.progress.Progress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandRunnerTest {

    /** Collects log lines; cancels on request. */
    static class RecordingProgress implements Progress {
        final List<String> log = new CopyOnWriteArrayList<>();
        final AtomicBoolean cancel = new AtomicBoolean();

        @Override
        public void step(String what, double fraction) {
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

    @Test
    void streamsStdoutAndStderrToTheLogAndReportsTheExitCode() {
        RecordingProgress progress = new RecordingProgress();
        List<String> seen = new CopyOnWriteArrayList<>();
        CommandRunner.Outcome outcome = CommandRunner.run(
                List.of("sh", "-c", "echo one; echo two >&2; exit 3"), null, progress, seen::add);
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.lines()).containsExactlyInAnyOrder("one", "two");
        assertThat(seen).containsExactlyInAnyOrder("one", "two");
        assertThat(progress.log).contains("one", "two").anyMatch(l -> l.startsWith("$ sh -c"));
    }

    @Test
    void cancellationKillsTheProcessTree() {
        RecordingProgress progress = new RecordingProgress();
        List<Long> pids = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        assertThatThrownBy(() -> CommandRunner.run(List.of("sh", "-c", "sleep 60 & echo $!; wait"), null, progress,
                line -> {
                    pids.add(Long.parseLong(line.trim()));
                    progress.cancel.set(true);
                })).isInstanceOf(Progress.CancelledException.class);
        assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(20);
        assertThat(pids).hasSize(1);
        assertThat(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aMissingProgramSaysWhatToInstall() {
        assertThatThrownBy(() -> CommandRunner.run(List.of("/nonexistent/make"), null, Progress.NONE, l -> { }))
                .isInstanceOf(CollectException.class).hasMessageContaining("cannot run '/nonexistent/make'")
                .hasMessageContaining("install");
    }
}
