package org.foosched.analysis.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime's host-side tests: the symbol resolver against synthetic kallsyms
 * tables, and the RPM/DEB builder with its installer's kernel-free refusals.
 * Needs gcc (static libc), binutils, rpmbuild and dpkg-deb (.ci/setup-host.sh).
 */
class RuntimeHostScriptsTest {

    @Test
    void resolverResolvesAndRefusesAsSpecified(@TempDir Path work) throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(Duration.ofMinutes(2), work.resolve("resolver.log"), "bash",
                ScriptRunner.runtimeDir().resolve("tests/resolver-test.sh").toString(), work.resolve("w").toString());

        assertThat(r.linesStartingWith("FAIL")).as(r.output()).isEmpty();
        assertThat(r.linesStartingWith("PASS")).as(r.output()).hasSizeGreaterThanOrEqualTo(19);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }

    @Test
    void packagesCarryReleaseScriptsAndPayload(@TempDir Path work) throws Exception {
        ScriptRunner.Result r = ScriptRunner.run(Duration.ofMinutes(3), work.resolve("packaging.log"), "bash",
                ScriptRunner.runtimeDir().resolve("tests/packaging-test.sh").toString(), work.resolve("w").toString());

        assertThat(r.linesStartingWith("FAIL")).as(r.output()).isEmpty();
        assertThat(r.linesStartingWith("PASS")).as(r.output()).hasSizeGreaterThanOrEqualTo(24);
        assertThat(r.exitCode()).as(r.output()).isZero();
    }
}
