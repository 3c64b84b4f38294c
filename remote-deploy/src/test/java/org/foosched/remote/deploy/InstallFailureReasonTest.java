package org.foosched.remote.deploy;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which line of a failed install's output the one-line message quotes (outputs as the VM printed them). */
class InstallFailureReasonTest {

    @Test
    void theResolversReasonIsQuotedWhenTheInstallerPointsAtIt() {
        List<String> log = List.of("Selecting previously unselected package scheduler.",
                "Setting up scheduler (1.0.0) ...",
                "foosched-resolve: /proc/kallsyms shows every address as 0: run as root (and check kernel.kptr_restrict)",
                "foosched-installer: cannot resolve the symbols of scheduler against /proc/kallsyms (see above); nothing was loaded",
                "dpkg: error processing package scheduler (--install):",
                " installed scheduler package post-installation script subprocess returned error exit status 1",
                "Errors were encountered while processing:", " scheduler");
        assertThat(Deployer.reasonLine(log)).isEqualTo("foosched-resolve: /proc/kallsyms shows every address as 0: run "
                + "as root (and check kernel.kptr_restrict) — foosched-installer: cannot resolve the symbols of scheduler "
                + "against /proc/kallsyms (see above); nothing was loaded");
    }

    @Test
    void aRefusalQuotesTheModulesLastWord() {
        List<String> log = List.of("foosched-installer: insmod scheduler failed: insmod: ERROR: could not insert module: "
                        + "Device or resource busy",
                "[   41.2] scheduler: scheduler_tick (sympos 0) is hooked by ftrace; refusing to load",
                "foosched-installer: scheduler was refused; nothing was changed",
                "dpkg: error processing package scheduler (--install):");
        assertThat(Deployer.reasonLine(log)).startsWith("[   41.2] scheduler: scheduler_tick (sympos 0) is hooked by ftrace")
                .endsWith("scheduler was refused; nothing was changed");
    }

    @Test
    void withoutOurInstallerThePackageManagersErrorIsQuoted() {
        List<String> log = List.of("Unpacking scheduler (1.0.0) ...",
                "dpkg: error processing archive x.deb (--install):", " cannot copy extracted data: No space left on device",
                "Errors were encountered while processing:");
        assertThat(Deployer.reasonLine(log)).isEqualTo("dpkg: error processing archive x.deb (--install):");
    }
}
