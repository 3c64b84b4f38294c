package org.foosched.remote.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProberTest {

    @Test
    void parsesTheProbeOutput() {
        HostProbe p = Prober.parse("testbed", String.join("\n",
                "release=6.1.0-56-amd64", "arch=x86_64", "cpus=2", "threads=61",
                "lockdown=none integrity [confidentiality]",
                "livepatch=livepatch_fix 1", "livepatch=old_fix 0", "kpatch=kpatch_3_10",
                "foosched=fs_testmod 1", "foosched=broken ",
                "free=/var/tmp 116032 4096", "free=/lib/modules ", "manager=dpkg"));
        assertThat(p.release()).isEqualTo("6.1.0-56-amd64");
        assertThat(p.cpus()).isEqualTo(2);
        assertThat(p.threads()).isEqualTo(61);
        assertThat(p.lockdown()).isEqualTo("confidentiality");
        assertThat(p.lockedDown()).isTrue();
        assertThat(p.livepatches()).containsExactly(new HostProbe.Patch("livepatch_fix", true),
                new HostProbe.Patch("old_fix", false));
        assertThat(p.kpatchModules()).containsExactly("kpatch_3_10");
        assertThat(p.fooschedModules()).containsExactly(new HostProbe.ModuleFlag("fs_testmod", true),
                new HostProbe.ModuleFlag("broken", null));
        assertThat(p.freeBytes()).isEqualTo(Map.of("/var/tmp", 116032L * 4096));
        assertThat(p.packageManagers()).isEqualTo(List.of("dpkg"));
    }

    @Test
    void aHostWithoutUnameIsRefused() {
        assertThatThrownBy(() -> Prober.parse("odd", "arch=x86_64")).hasMessageContaining("host odd did not report");
    }

    @Test
    void lockdownModeIsTheBracketedWord() {
        assertThat(Prober.lockdownMode("[none] integrity confidentiality")).isEqualTo("none");
        assertThat(Prober.lockdownMode("none")).isEqualTo("none");
    }
}
