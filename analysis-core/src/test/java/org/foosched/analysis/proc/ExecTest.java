package org.foosched.analysis.proc;

import org.foosched.analysis.testing.RecordingProgress;
import org.foosched.analysis.progress.Progress;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecTest {

    @Test
    void streamsStdoutAndStderrToTheLogAndReportsTheExitCode() {
        RecordingProgress progress = new RecordingProgress();
        List<String> seen = new CopyOnWriteArrayList<>();
        Exec.Result outcome = Exec.of("sh", "-c", "echo one; echo two >&2; exit 3").onLine(seen::add)
                .cancelledBy(progress).runAllowingFailure();
        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.tail()).containsExactlyInAnyOrder("one", "two");
        assertThat(seen).containsExactlyInAnyOrder("one", "two");
        assertThatThrownBy(() -> Exec.of("sh", "-c", "echo why; exit 2").run())
                .isInstanceOf(Exec.ExecException.class).hasMessageContaining("exit code 2").hasMessageContaining("why");
    }

    @Test
    void cancellationKillsTheProcessTree() {
        RecordingProgress progress = new RecordingProgress();
        List<Long> pids = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        assertThatThrownBy(() -> Exec.of("sh", "-c", "sleep 60 & echo $!; wait").cancelledBy(progress)
                .onLine(line -> {
                    pids.add(Long.parseLong(line.trim()));
                    progress.cancel.set(true);
                }).runAllowingFailure()).isInstanceOf(Progress.CancelledException.class);
        assertThat((System.nanoTime() - start) / 1_000_000_000.0).isLessThan(20);
        assertThat(pids).hasSize(1);
        assertThat(ProcessHandle.of(pids.get(0)).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aMissingProgramSaysWhatToInstall() {
        assertThatThrownBy(() -> Exec.of("/nonexistent/make").run())
                .isInstanceOf(Exec.ExecException.class).hasMessageContaining("cannot run /nonexistent/make")
                .hasMessageContaining("installed");
    }
}
