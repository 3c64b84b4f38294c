package org.foosched.app.cli;

import org.foosched.remote.hosts.Host;
import org.foosched.remote.hosts.HostInventory;
import org.foosched.remote.vm.VmManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code foosched vm start/ssh/status/console/stop} on a real VM, as a user types them. The
 * inventory is the temp file the build sets in {@code FOOSCHED_HOSTS}.
 */
@Tag("e2e")
class VmCommandE2ETest {

    private static final String NAME = "e2e-cli";


    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @AfterEach
    void stop() {
        VmManager.fromEnvironment().stop(NAME);
    }

    @Test
    void startSshStatusConsoleStop() {
        assertThat(HostInventory.defaultFile().toString()).as("tests must not use the user's inventory")
                .doesNotStartWith(System.getProperty("user.home") + "/.config");
        String release = VmManager.fromEnvironment().resolveRelease(null);

        CliRun start = run("vm", "start", "--name", NAME, "--cpus", "2", "--mem", "1024");
        assertThat(start.rc()).as(start.err()).isZero();
        assertThat(start.out()).contains("VM " + NAME + " is up: kernel " + release, "booted to SSH in");
        System.out.print(start.out());

        Host h = HostInventory.load(HostInventory.defaultFile()).require(NAME);
        assertThat(h.knownHosts()).startsWith("[127.0.0.1]:" + h.port() + " ssh-ed25519 ");

        CliRun uname = run("vm", "ssh", "--name", NAME, "--", "uname", "-r");
        assertThat(uname.rc()).as(uname.err()).isZero();
        assertThat(uname.out().trim()).isEqualTo(release);

        CliRun exit = run("vm", "ssh", "--name", NAME, "--", "echo out; echo err >&2; exit 3");
        assertThat(exit.rc()).isEqualTo(3);
        assertThat(exit.out()).isEqualTo("out\n");
        assertThat(exit.err()).contains("err");

        CliRun status = run("vm", "status", "--name", NAME);
        assertThat(status.rc()).isZero();
        assertThat(status.out()).contains(NAME + ": running", "console findings: none");

        CliRun console = run("vm", "console", "--name", NAME);
        assertThat(console.out()).contains("Linux version " + release, "foosched-testbed: boot done");

        CliRun stop = run("vm", "stop", "--name", NAME);
        assertThat(stop.out()).contains(NAME + ": stopped");
        assertThat(run("vm", "status", "--name", NAME).out()).contains(NAME + ": stopped");
        assertThat(HostInventory.load(HostInventory.defaultFile()).find(NAME)).isEmpty();
    }
}
