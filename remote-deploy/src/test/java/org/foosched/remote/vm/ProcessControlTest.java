package org.foosched.remote.vm;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessControlTest {

    private Process p;

    @AfterEach
    void cleanUp() {
        if (p != null) {
            p.destroyForcibly();
        }
    }

    /** A real process whose command line carries a unique marker. */
    private String startMarked() throws Exception {
        String marker = "/tmp/foosched-test-" + UUID.randomUUID() + "/qemu.pid";
        // argv[0] carries the marker (sleep itself would refuse an extra argument)
        p = new ProcessBuilder("bash", "-c", "exec -a 'sleeper " + marker + "' sleep 300").start();
        // wait until exec replaced bash
        for (int i = 0; i < 100 && !ProcessControl.commandLine(p.pid()).orElse("").startsWith("sleeper"); i++) {
            Thread.sleep(20);
        }
        return marker;
    }

    @Test
    void findsAndTerminatesOnlyAMarkedProcess() throws Exception {
        String marker = startMarked();
        long pid = p.pid();
        assertThat(ProcessControl.commandLine(pid)).hasValueSatisfying(c -> assertThat(c).contains(marker));
        assertThat(ProcessControl.isRunning(pid, marker)).isTrue();

        // a pid that is not ours (another marker) is left alone
        assertThat(ProcessControl.isRunning(pid, "/other/vm/qemu.pid")).isFalse();
        assertThat(ProcessControl.terminate(pid, "/other/vm/qemu.pid", Duration.ofSeconds(1))).isFalse();
        assertThat(p.isAlive()).isTrue();

        assertThat(ProcessControl.terminate(pid, marker, Duration.ofSeconds(5))).isTrue();
        assertThat(p.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(ProcessControl.isRunning(pid, marker)).isFalse();
        assertThat(ProcessControl.terminate(pid, marker, Duration.ofSeconds(1))).isFalse();
    }

    @Test
    void aProcessIgnoringSigtermIsKilled() throws Exception {
        String marker = "/tmp/foosched-test-" + UUID.randomUUID() + "/qemu.pid";
        p = new ProcessBuilder("bash", "-c", "trap '' TERM; while :; do sleep 0.1; done; : " + marker).start();
        Thread.sleep(200);
        long start = System.nanoTime();
        assertThat(ProcessControl.terminate(p.pid(), marker, Duration.ofMillis(500))).isTrue();
        assertThat(p.isAlive()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void noSuchProcess() {
        assertThat(ProcessControl.commandLine(Integer.MAX_VALUE)).isEmpty();
        assertThat(ProcessControl.isRunning(-1, "x")).isFalse();
    }
}
