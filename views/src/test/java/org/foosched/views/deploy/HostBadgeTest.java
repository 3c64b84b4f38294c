package org.foosched.views.deploy;

import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.InstalledPackage;
import org.foosched.remote.deploy.ModuleState;
import org.foosched.remote.deploy.PackageFormat;
import org.foosched.remote.ssh.SshException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostBadgeTest {

    static HostStatus status(List<InstalledPackage> pkgs, List<ModuleState> modules, List<String> problems) {
        return new HostStatus("lab1", "6.1.0-56-amd64", pkgs, modules, null, null, null, problems);
    }

    static final InstalledPackage PKG = new InstalledPackage(PackageFormat.DEB, "scheduler", "1.0.0", "installed",
            "scheduler", "6.1.0-56-amd64");

    @Test
    void theModuleStateDecides() {
        assertThat(HostBadge.of(status(List.of(), List.of(), List.of())))
                .isEqualTo(new HostBadge(HostBadge.Kind.REACHABLE, "reachable", "Linux 6.1.0-56-amd64; no foosched package."));
        assertThat(HostBadge.of(status(List.of(PKG), List.of(new ModuleState("scheduler", true, true)), List.of())))
                .isEqualTo(new HostBadge(HostBadge.Kind.ENABLED, "enabled: scheduler",
                        "Linux 6.1.0-56-amd64; scheduler 1.0.0 (installed)."));
        HostBadge disabled = HostBadge.of(status(List.of(PKG), List.of(new ModuleState("scheduler", true, false)),
                List.of("module scheduler is loaded but does not report enabled")));
        assertThat(disabled.kind()).isEqualTo(HostBadge.Kind.LOADED_DISABLED);
        assertThat(disabled.label()).isEqualTo("loaded, not enabled: scheduler");
        assertThat(disabled.detail()).endsWith("Problems: module scheduler is loaded but does not report enabled");
        // a package whose module is not loaded, with nothing loaded: inconsistent
        HostBadge half = HostBadge.of(status(List.of(new InstalledPackage(PackageFormat.DEB, "scheduler", "1.0.0",
                "half-configured", "scheduler", null)), List.of(new ModuleState("scheduler", false, null)),
                List.of("scheduler 1.0.0 is half-configured: its install or removal did not complete; roll back")));
        assertThat(half.kind()).isEqualTo(HostBadge.Kind.ERROR);
        assertThat(half.label()).isEqualTo("inconsistent");
    }

    @Test
    void aFailureSaysWhyInAWord() {
        assertThat(HostBadge.of(new SshException(SshException.Reason.HOST_KEY_CHANGED, "host key of host lab1 changed: "
                + "SHA256:abc")).label()).isEqualTo("key changed: refused");
        HostBadge unknown = HostBadge.of(new SshException(SshException.Reason.HOST_KEY_UNKNOWN, "host key of host lab1 "
                + "(10.0.0.7:22) is not trusted yet: SHA256:xyz (ssh-ed25519) — refusing"));
        assertThat(unknown.kind()).isEqualTo(HostBadge.Kind.ERROR);
        assertThat(unknown.label()).isEqualTo("key not trusted");
        assertThat(unknown.detail()).contains("SHA256:xyz");
        assertThat(HostBadge.of(new NullPointerException()).detail()).startsWith("internal error (java.lang.NullPointerException");
    }
}
