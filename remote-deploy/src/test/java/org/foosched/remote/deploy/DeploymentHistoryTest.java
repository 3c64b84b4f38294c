package org.foosched.remote.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DeploymentHistoryTest {

    @TempDir
    Path tmp;

    @Test
    void appendsOneJsonLinePerRecordAndReadsThemBack() throws IOException {
        DeploymentHistory h = new DeploymentHistory(tmp.resolve("share/foosched/deployments.jsonl"));
        assertThat(h.read()).isEmpty();
        SchedulerMetrics m = new SchedulerMetrics("fs_testmod", MetricsPhase.LOAD, 13.8, 192330L, 2, 61, 34470590L,
                198800L, 164170L, 34852040L);
        DeploymentRecord deploy = new DeploymentRecord("2026-11-27T03:48:00Z", "deploy", "testbed", "6.1.0-56-amd64",
                "foosched-fs-testmod", "1.0-1", "/tmp/x.deb", "installed", 4200, m);
        DeploymentRecord rollback = new DeploymentRecord("2026-11-27T03:49:00Z", "rollback", "testbed", "6.1.0-56-amd64",
                "foosched-fs-testmod", "1.0-1", null, "removed", 3100, null);
        h.append(deploy);
        h.append(rollback);
        assertThat(h.read()).containsExactly(deploy, rollback);
        assertThat(Files.readAllLines(h.file())).hasSize(2).first().asString()
                .startsWith("{\"time\":\"2026-11-27T03:48:00Z\",\"action\":\"deploy\"")
                .contains("\"stopMachineNs\":34470590");
        try (var files = Files.list(h.file().getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("no temporary files left").containsExactlyInAnyOrder("deployments.jsonl", "deployments.jsonl.lock");
        }
    }

    @Test
    void aDamagedLineDoesNotHideTheOthers() throws IOException {
        Path f = tmp.resolve("d.jsonl");
        Files.writeString(f, "{\"time\":\"t1\",\"action\":\"deploy\",\"host\":\"a\"}\n{broken\n");
        DeploymentHistory h = new DeploymentHistory(f);
        h.append(new DeploymentRecord("t2", "rollback", "a", "r", "p", "1", null, "removed", 1, null));
        assertThat(h.read()).extracting(DeploymentRecord::time).containsExactly("t1", "t2");
    }
}
