package org.foosched.analysis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The live-redirect runtime on Debian's real kernel: builds the self-test module
 * variants and the packages against the kernel kit, boots the kit's kernel under
 * QEMU (TCG) and runs tests/guest/suite.sh (redirects, ftrace and kprobe
 * coexistence, refusals, stack check, 50 switch cycles under load, installer,
 * package scripts) and the downtime measurements with 1 and 2 vCPUs.
 * Every check the guest suite defines must pass (tests/run-e2e.sh enforces it).
 */
@Tag("e2e")
class RuntimeKernelE2eTest {

    @Test
    void runtimeWorksOnTheRealKernel() throws Exception {
        Path work = Path.of(System.getProperty("foosched.home", ".."), "analysis-core", "target", "runtime-e2e");
        ScriptRunner.Result r = ScriptRunner.run(Duration.ofMinutes(25), work.resolve("run-e2e.log"), "bash",
                ScriptRunner.runtimeDir().resolve("tests/run-e2e.sh").toString(), "--work", work.toString());

        assertThat(r.linesStartingWith("FSTEST FAIL")).as("failed checks; full log: %s", work.resolve("run-e2e.log"))
                .isEmpty();
        assertThat(r.linesStartingWith("FSTEST PASS")).as(r.output()).hasSizeGreaterThan(120);
        assertThat(r.linesStartingWith("| 2 | self-test load |")).as("bench results").hasSize(1);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
