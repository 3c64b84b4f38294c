package org.foosched.remote.vm;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VmStateDirTest {

    @TempDir
    Path tmp;

    private VmStateDir dir() {
        return VmLocations.under(tmp).stateDir("testbed");
    }

    @Test
    void layoutIsBelowTheVmsDirectoryAndTheLockBesideIt() {
        VmStateDir d = dir();
        assertThat(d.dir()).isEqualTo(tmp.resolve("vms/testbed"));
        assertThat(d.consoleLog()).isEqualTo(tmp.resolve("vms/testbed/console.log"));
        assertThat(d.overlay()).isEqualTo(tmp.resolve("vms/testbed/overlay.qcow2"));
        assertThat(d.pidFile()).isEqualTo(tmp.resolve("vms/testbed/qemu.pid"));
        assertThat(d.lockFile()).isEqualTo(tmp.resolve("vms/.testbed.lock"));
        assertThat(d.name()).isEqualTo("testbed");
    }

    @Test
    void stateRoundTripsAndIsWrittenAtomically() throws Exception {
        VmStateDir d = dir();
        assertThat(d.readState()).isEmpty();
        VmState s = new VmState("testbed", "6.1.0-56-amd64", 2, 1024, "tcg", 4242, 10022, "/img", 1000L, null);
        d.writeState(s);
        assertThat(d.readState()).contains(s);
        d.writeState(s.withBootMs(11300));
        assertThat(d.readState().orElseThrow().bootMs()).isEqualTo(11300L);
        try (var files = Files.list(d.dir())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("vm.json");
        }
    }

    @Test
    void aCorruptStateFileSaysHowToClearIt() throws Exception {
        VmStateDir d = dir();
        Files.createDirectories(d.dir());
        Files.writeString(d.stateFile(), "{ not json");
        assertThatThrownBy(d::readState).isInstanceOf(VmException.class)
                .hasMessageContaining("vm.json").hasMessageContaining("foosched vm stop --name testbed");
    }

    @Test
    void pidFileParsing() throws Exception {
        VmStateDir d = dir();
        Files.createDirectories(d.dir());
        assertThat(d.readPidFile()).isEmpty();
        Files.writeString(d.pidFile(), "12345\n");
        assertThat(d.readPidFile()).hasValue(12345);
        Files.writeString(d.pidFile(), "garbage");
        assertThat(d.readPidFile()).isEmpty();
    }

    @Test
    void aNewRunKeepsThePreviousConsoleAndClearingKeepsTheConsole() throws Exception {
        VmStateDir d = dir();
        d.prepareRun();
        Files.writeString(d.consoleLog(), "run 1\n");
        d.writeState(new VmState("testbed", "r", 1, 256, "tcg", 1, 2, "/img", 0, null));
        Files.writeString(d.pidFile(), "1");
        Files.writeString(d.overlay(), "x");
        d.writeKnownHosts("[127.0.0.1]:2 ssh-ed25519 AAAA");
        Files.writeString(d.qemuLog(), "q");

        d.prepareRun(); // the next start
        assertThat(Files.readString(d.previousConsoleLog())).isEqualTo("run 1\n");
        assertThat(d.consoleLog()).exists().isEmptyFile();
        assertThat(d.stateFile()).doesNotExist();
        assertThat(d.pidFile()).doesNotExist();
        assertThat(d.overlay()).doesNotExist();
        assertThat(d.knownHosts()).doesNotExist();
        assertThat(d.qemuLog()).doesNotExist();

        Files.writeString(d.consoleLog(), "run 2\n");
        d.writeKnownHosts("[127.0.0.1]:3 ssh-ed25519 BBBB");
        assertThat(Files.readString(d.knownHosts())).isEqualTo("[127.0.0.1]:3 ssh-ed25519 BBBB\n");
        d.clearRun(); // a stop
        assertThat(Files.readString(d.consoleLog())).isEqualTo("run 2\n");
        assertThat(d.knownHosts()).doesNotExist();
    }

    @Test
    void badNamesAreRefused() {
        VmLocations loc = VmLocations.under(tmp);
        assertThatThrownBy(() -> loc.stateDir("../etc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VM name '../etc'");
        assertThatThrownBy(() -> loc.stateDir("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> loc.stateDir(".hidden")).isInstanceOf(IllegalArgumentException.class);
    }
}
