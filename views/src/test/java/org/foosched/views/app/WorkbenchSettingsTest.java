package org.foosched.views.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WorkbenchSettingsTest {

    @TempDir
    Path tmp;

    @Test
    void remembersWorkspacesAndTheWindow() {
        Path file = tmp.resolve("foosched/workbench.json");
        WorkbenchSettings s = new WorkbenchSettings();
        for (int i = 0; i < 10; i++) {
            s.opened(tmp.resolve("ws" + i));
        }
        s.opened(tmp.resolve("ws3"));
        s.width = 1234;
        s.maximized = true;
        s.horizontalDividers = new double[] {0.2, 0.7};
        s.save(file);
        WorkbenchSettings back = WorkbenchSettings.load(file);
        assertThat(back.lastWorkspace).isEqualTo(tmp.resolve("ws3").toString());
        assertThat(back.recentWorkspaces).hasSize(8).first().isEqualTo(tmp.resolve("ws3").toString());
        assertThat(back.recentWorkspaces).doesNotContain(tmp.resolve("ws0").toString(), tmp.resolve("ws1").toString());
        assertThat(back.width).isEqualTo(1234);
        assertThat(back.maximized).isTrue();
        assertThat(back.horizontalDividers).containsExactly(0.2, 0.7);
    }

    @Test
    void aBrokenFileIsIgnored() throws Exception {
        Path file = tmp.resolve("workbench.json");
        Files.writeString(file, "{ not json");
        WorkbenchSettings s = WorkbenchSettings.load(file);
        assertThat(s.lastWorkspace).isNull();
        assertThat(s.recentWorkspaces).isEmpty();
        assertThat(WorkbenchSettings.load(tmp.resolve("missing.json")).width).isEqualTo(1400);
    }

    @Test
    void theConfigDirectoryCanBeOverridden() {
        String old = System.getProperty("foosched.config.dir");
        System.setProperty("foosched.config.dir", tmp.toString());
        try {
            assertThat(WorkbenchSettings.directory()).isEqualTo(tmp);
        } finally {
            if (old == null) {
                System.clearProperty("foosched.config.dir");
            } else {
                System.setProperty("foosched.config.dir", old);
            }
        }
    }

    @Test
    void theInitialWorkspaceIsTheArgumentElseTheLastValidOne() {
        WorkbenchSettings s = new WorkbenchSettings();
        s.lastWorkspace = tmp.toString();
        assertThat(WorkbenchApplication.initialWorkspace(List.of("x/y"), s)).isEqualTo(Path.of("x/y").toAbsolutePath());
        assertThat(WorkbenchApplication.initialWorkspace(List.of(), s)).as("not a workspace").isNull();
    }
}
