package org.foosched.remote.vm;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.HostInventory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The manager's bookkeeping without QEMU: state, status, stop, inventory (the e2e tests boot real VMs). */
class VmManagerTest {

    @TempDir
    Path tmp;

    private Process fake;

    @AfterEach
    void cleanUp() {
        if (fake != null) {
            fake.destroyForcibly();
        }
    }

    private VmManager manager() {
        VmLocations loc = VmLocations.under(tmp.resolve("cache"));
        return new VmManager(loc, VmManager.lazyBuilder(loc), new HostRegistration(tmp.resolve("hosts.yaml")),
                Accel.TCG, Duration.ofSeconds(5));
    }

    private VmState record(VmManager m, String name, long pid, int port, String console) throws Exception {
        VmStateDir d = m.locations().stateDir(name);
        d.prepareRun();
        Files.writeString(d.consoleLog(), console);
        VmState s = new VmState(name, "6.1.0-56-amd64", 2, 1024, "tcg", pid, port, "/img", 1, 12000L);
        d.writeState(s);
        new HostRegistration(tmp.resolve("hosts.yaml")).register(
                HostRegistration.hostFor(name, port, Path.of("/img/id_ed25519"), "[127.0.0.1]:" + port + " ssh-ed25519 A"));
        return s;
    }

    /** A process that looks like this VM's QEMU: its command line names the VM's pid file. */
    private long fakeQemu(VmManager m, String name) throws Exception {
        String marker = VmManager.marker(m.locations().stateDir(name));
        fake = new ProcessBuilder("bash", "-c", "exec -a 'qemu-system-x86_64 -pidfile " + marker + "' sleep 300").start();
        // wait for the exec: before it the command line is bash's, which names the marker too
        for (int i = 0; i < 250 && !ProcessControl.commandLine(fake.pid()).map(c -> c.startsWith("qemu-system"))
                .orElse(false); i++) {
            Thread.sleep(20);
        }
        assertThat(ProcessControl.isRunning(fake.pid(), marker)).isTrue();
        return fake.pid();
    }

    @Test
    void anUnknownVmIsStopped() {
        VmManager m = manager();
        VmStatus s = m.status("testbed");
        assertThat(s.state()).isEqualTo(VmStatus.State.STOPPED);
        assertThat(s.findings()).isEmpty();
        assertThat(m.names()).isEmpty();
        assertThatThrownBy(() -> m.requireRunning("testbed")).isInstanceOf(VmException.class)
                .hasMessageContaining("not running").hasMessageContaining("foosched vm start --name testbed");
        assertThat(m.stop("testbed")).isEqualTo(new VmManager.StopResult("testbed", false, false));
    }

    @Test
    void aCrashedVmIsExitedWithItsFindingsAndStopCleansUp() throws Exception {
        VmManager m = manager();
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        record(m, "crashy", done.pid(), 40001,
                "[ 1.0] booted\n[ 9.0] sysrq: Trigger a crash\n[ 9.1] Kernel panic - not syncing: sysrq triggered crash\n");

        VmStatus s = m.status("crashy");
        assertThat(s.state()).isEqualTo(VmStatus.State.EXITED);
        assertThat(s.findings()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(ConsoleEvent.Kind.PANIC);
            assertThat(e.context()).contains("[ 9.0] sysrq: Trigger a crash");
        });
        assertThat(s.summary()).contains("crashy: exited").contains("console findings: 1").contains("kernel panic at console line 3");
        assertThatThrownBy(() -> m.requireRunning("crashy")).hasMessageContaining("has exited")
                .hasMessageContaining("kernel panic").hasMessageContaining("foosched vm stop --name crashy");

        VmManager.StopResult r = m.stop("crashy");
        assertThat(r.killed()).isFalse();
        assertThat(r.hadState()).isTrue();
        VmStateDir d = m.locations().stateDir("crashy");
        assertThat(d.stateFile()).doesNotExist();
        assertThat(d.consoleLog()).exists(); // kept for reading
        assertThat(HostInventory.load(tmp.resolve("hosts.yaml")).find("crashy")).isEmpty();
        assertThat(m.status("crashy").state()).isEqualTo(VmStatus.State.STOPPED);
        assertThat(m.status("crashy").findings()).hasSize(1);
    }

    @Test
    void aRunningVmIsReportedRefusesASecondStartAndStopKillsItsProcess() throws Exception {
        VmManager m = manager();
        long pid = fakeQemu(m, "lab");
        record(m, "lab", pid, 40002, "[ 1.0] booted\n");

        assertThat(m.status("lab").state()).isEqualTo(VmStatus.State.RUNNING);
        assertThat(m.requireRunning("lab").sshPort()).isEqualTo(40002);
        assertThat(m.sshCommand("lab", List.of("true"))).contains("-p", "40002", "root@127.0.0.1");
        assertThatThrownBy(() -> m.start(new VmSpec("lab", "6.1.0-56-amd64", 2, 1024), Progress.NONE, null))
                .isInstanceOf(VmException.class).hasMessageContaining("already running")
                .hasMessageContaining("pid " + pid).hasMessageContaining("foosched vm stop --name lab");

        VmManager.StopResult r = m.stop("lab");
        assertThat(r.killed()).isTrue();
        assertThat(fake.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(m.status("lab").state()).isEqualTo(VmStatus.State.STOPPED);
        assertThat(HostInventory.load(tmp.resolve("hosts.yaml")).find("lab")).isEmpty();
    }

    @Test
    void stopAlsoEndsAQemuWhoseStateWasLost() throws Exception {
        VmManager m = manager();
        Files.createDirectories(m.locations().stateDir("orphan").dir());
        fakeQemu(m, "orphan");
        VmManager.StopResult r = m.stop("orphan");
        assertThat(r).isEqualTo(new VmManager.StopResult("orphan", true, false));
        assertThat(fake.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void startWithoutAKitNamesTheFetchCommand() {
        VmManager m = manager();
        assertThatThrownBy(() -> m.start(new VmSpec("testbed", "6.1.0-56-amd64", 2, 1024), Progress.NONE, null))
                .isInstanceOf(VmException.class)
                .hasMessageContaining("no kernel kit for 6.1.0-56-amd64")
                .hasMessageContaining("foosched kit fetch --release 6.1.0-56-amd64");
        assertThatThrownBy(() -> m.resolveRelease(null)).hasMessageContaining("foosched kit fetch --release");
        assertThat(m.status("testbed").state()).isEqualTo(VmStatus.State.STOPPED);
    }
}
