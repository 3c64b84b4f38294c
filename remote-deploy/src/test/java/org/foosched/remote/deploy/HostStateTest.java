package org.foosched.remote.deploy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HostStateTest {

    @Test
    void parsesPackagesFromBothManagersFlagsAndLoadedModules() {
        HostState s = HostState.parse(String.join("\n",
                "release=6.1.0-56-amd64",
                "manager=dpkg",
                "pkg|dpkg|ii |foosched-fs-testmod|1.0-1|fs_testmod|6.1.0-56-amd64|foosched-module",
                "pkg|dpkg|iF |foosched-other|2.0||6.1.0-56-amd64|foosched-module",
                "pkg|dpkg|rc |foosched-gone|0.9|gone_mod|6.1.0-56-amd64|",
                "manager=rpm",
                "pkg|rpm|ii |scheduler-xxx|1.0-1|||foosched-module,foosched-module(scheduler),foosched-release(6.1.0-56-amd64),",
                "flag|fs_testmod|1",
                "flag|stray|",
                "mod|fs_testmod",
                "mod|virtio_net"));
        assertThat(s.release()).isEqualTo("6.1.0-56-amd64");
        assertThat(s.managers()).containsExactly("dpkg", "rpm");
        assertThat(s.packages()).containsExactly(
                new InstalledPackage(PackageFormat.DEB, "foosched-fs-testmod", "1.0-1", "installed", "fs_testmod", "6.1.0-56-amd64"),
                new InstalledPackage(PackageFormat.DEB, "foosched-other", "2.0", "half-configured", null, "6.1.0-56-amd64"),
                new InstalledPackage(PackageFormat.RPM, "scheduler-xxx", "1.0-1", "installed", "scheduler", "6.1.0-56-amd64"));
        assertThat(s.modules()).containsExactly(
                new ModuleState("fs_testmod", true, true),
                new ModuleState("scheduler", false, null),
                new ModuleState("stray", false, null));
        assertThat(s.packageNamed("foosched-other").get().fullyInstalled()).isFalse();
    }

    @Test
    void dpkgStatesInWords() {
        assertThat(HostState.dpkgState("ii ")).isEqualTo("installed");
        assertThat(HostState.dpkgState("iU ")).isEqualTo("unpacked");
        assertThat(HostState.dpkgState("iF ")).isEqualTo("half-configured");
        assertThat(HostState.dpkgState("iHR")).isEqualTo("half-installed");
        assertThat(HostState.dpkgState("rc ")).isEqualTo("config-files");
    }

    @Test
    void problemsAreStatedPlainly() {
        HostState s = HostState.parse(String.join("\n",
                "release=6.1.0-56-amd64",
                "pkg|dpkg|iF |foosched-a|1|a_mod|6.1.0-56-amd64|",
                "pkg|dpkg|ii |foosched-b|1|b_mod|6.1.0-55-amd64|",
                "flag|c_mod|1",
                "mod|c_mod"));
        RemoteOperation.Record interrupted = new RemoteOperation.Record("id", "install foosched-a 1", 0,
                RemoteOperation.State.INTERRUPTED, null, java.util.List.of());
        assertThat(StatusReader.problems(s, interrupted)).containsExactly(
                "foosched-a 1 is half-configured: its install or removal did not complete; roll back (foosched rollback)",
                "foosched-b is built for Linux 6.1.0-55-amd64 but the host runs 6.1.0-56-amd64",
                "foosched-b is installed but module b_mod is not loaded",
                "module c_mod is loaded but no package holds it",
                "the last operation 'install foosched-a 1' was interrupted (no exit code: killed, or the host rebooted)");
        HostState clean = HostState.parse("release=r\npkg|dpkg|ii |foosched-a|1|a_mod|r|\nflag|a_mod|1\nmod|a_mod");
        assertThat(StatusReader.problems(clean, null)).isEmpty();
    }
}
