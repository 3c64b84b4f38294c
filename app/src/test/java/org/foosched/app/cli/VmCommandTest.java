package org.foosched.app.cli;

import org.foosched.app.Main;
import org.foosched.remote.vm.Accel;
import org.foosched.remote.vm.HostRegistration;
import org.foosched.remote.vm.VmLocations;
import org.foosched.remote.vm.VmManager;
import org.foosched.remote.vm.VmState;
import org.foosched.remote.vm.VmStateDir;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code foosched vm …} parsing, messages and exit codes, on a temporary cache (no QEMU). */
class VmCommandTest {

    @TempDir
    Path tmp;

    private Function<Accel, VmManager> saved;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void useTempCache() {
        saved = VmCommand.managerFactory;
        VmLocations loc = VmLocations.under(tmp.resolve("cache"));
        VmCommand.managerFactory = accel -> new VmManager(loc, VmManager.lazyBuilder(loc),
                new HostRegistration(tmp.resolve("hosts.yaml")), accel == null ? Accel.TCG : accel, Duration.ofSeconds(5));
    }

    @AfterEach
    void restore() {
        VmCommand.managerFactory = saved;
    }

    private int run(String... args) {
        CommandLine cl = Main.newCommandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("vm", "--help")).isZero();
        assertThat(out.toString()).contains("start", "stop", "status", "console", "ssh");
        assertThat(run("vm", "start", "--help")).isZero();
        assertThat(out.toString()).contains("--cpus", "--mem", "--name", "--release", "--accel");
    }

    @Test
    void startWithoutAKitNamesTheFetchCommand() {
        assertThat(run("vm", "start", "--release", "6.1.0-56-amd64")).isEqualTo(1);
        assertThat(err.toString()).contains("foosched vm start: no kernel kit for 6.1.0-56-amd64")
                .contains("foosched kit fetch --release 6.1.0-56-amd64");
        assertThat(run("vm", "start")).isEqualTo(1);
        assertThat(err.toString()).contains("no kernel kit in");
    }

    @Test
    void badOptionsAreNamed() {
        assertThat(run("vm", "start", "--accel", "hyperv")).isEqualTo(1);
        assertThat(err.toString()).contains("--accel hyperv: use tcg, kvm or auto");
        assertThat(run("vm", "ssh", "--name", "no/such", "--", "true")).isEqualTo(1);
        assertThat(err.toString()).contains("VM name 'no/such'");
        assertThat(run("vm", "start", "--cpus", "two")).isEqualTo(2); // picocli's own usage error
    }

    @Test
    void sshToAStoppedVmSaysHowToStartIt() {
        assertThat(run("vm", "ssh", "--name", "lab", "--", "uname", "-r")).isEqualTo(1);
        assertThat(err.toString()).contains("VM 'lab' is not running; start it with 'foosched vm start --name lab'");
    }

    @Test
    void statusAndStopWithNoVms() {
        assertThat(run("vm", "status")).isZero();
        assertThat(out.toString()).contains("no VMs");
        assertThat(run("vm", "stop", "--all")).isZero();
        assertThat(out.toString()).contains("no VMs");
    }

    @Test
    void statusShowsACrashWithContextAndExitCode3AndConsolePrintsTheLog() throws Exception {
        VmStateDir d = VmLocations.under(tmp.resolve("cache")).stateDir("lab");
        d.prepareRun();
        Files.writeString(d.consoleLog(), "[ 1.0] ok\n[ 2.0] sysrq: Trigger a crash\n"
                + "[ 2.1] Kernel panic - not syncing: sysrq triggered crash\n[ 2.2] CPU: 0 PID: 9 Comm: sh\n");
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        d.writeState(new VmState("lab", "6.1.0-56-amd64", 2, 1024, "tcg", done.pid(), 40123, "/img", 1, 9000L));

        assertThat(run("vm", "status", "--name", "lab")).isEqualTo(3);
        assertThat(out.toString()).contains("lab: exited, kernel 6.1.0-56-amd64", "ssh 127.0.0.1:40123",
                "booted to SSH in 9.0 s", "console findings: 1", "kernel panic at console line 3",
                "> [ 2.1] Kernel panic", "[ 2.0] sysrq: Trigger a crash");

        out.getBuffer().setLength(0);
        assertThat(run("vm", "console", "--name", "lab")).isZero();
        assertThat(out.toString()).startsWith("[ 1.0] ok\n").contains("sysrq triggered crash");

        out.getBuffer().setLength(0);
        assertThat(run("vm", "stop", "--name", "lab")).isZero();
        assertThat(out.toString()).contains("lab: was not running; cleaned up");
        assertThat(d.stateFile()).doesNotExist();
        assertThat(run("vm", "console", "--name", "lab", "--previous")).isEqualTo(1);
        assertThat(err.toString()).contains("no console log");

        assertThat(d.consoleLog()).exists();
        assertThat(run("vm", "stop", "--name", "lab", "--purge")).isZero();
        assertThat(d.dir()).doesNotExist();
        assertThat(run("vm", "status")).isZero();
        assertThat(out.toString()).contains("no VMs");
    }
}
