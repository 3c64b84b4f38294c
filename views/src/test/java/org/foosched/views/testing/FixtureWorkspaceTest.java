package org.foosched.views.testing;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.build.ModuleCompiler;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.progress.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The fixture workspace is what the workbench tests claim it is: every class, a real compile. */
class FixtureWorkspaceTest {

    @TempDir
    Path tmp;

    private static FunctionClass cls(AnalysisResult r, String file, String name) {
        return r.function(new FnId(file, name)).orElseThrow(() -> new AssertionError(name)).cls();
    }

    @Test
    void theFixtureHasEveryKindOfFunctionAndCompiles() {
        Path ws = FixtureWorkspace.copy(tmp.resolve("ws"));
        WorkspaceSession s = WorkspaceSession.open(ws, Progress.NONE);
        AnalysisResult r = s.analyze();
        String core = "kernel/sched/core.c";
        String fair = "kernel/sched/fair.c";
        assertThat(r.errors()).isEmpty();
        assertThat(cls(r, core, "try_to_wake_up")).isEqualTo(FunctionClass.INTERFACE);
        assertThat(cls(r, core, "wake_up_process")).isEqualTo(FunctionClass.OUTSIDER);
        assertThat(cls(r, core, "ttwu_stat")).isEqualTo(FunctionClass.OPTIMIZED_OUTSIDER);
        assertThat(cls(r, core, "ttwu_do_activate")).isEqualTo(FunctionClass.INSIDER);
        assertThat(cls(r, core, "hrtick")).isEqualTo(FunctionClass.CALLBACK);
        assertThat(cls(r, core, "sched_init")).isEqualTo(FunctionClass.INIT);
        assertThat(cls(r, fair, "enqueue_task_fair")).isEqualTo(FunctionClass.CALLBACK);
        assertThat(cls(r, fair, "trigger_load_balance")).isEqualTo(FunctionClass.INSIDER);
        assertThat(Files.exists(ws.resolve("working/pristine/kernel/sched/mod/core.c"))).isTrue();

        ModuleCompiler.Result b = new ModuleCompiler(Path.of(s.info().headersDir()), 2)
                .compile(s.workspace().modDir(), 3, Progress.NONE);
        assertThat(b.ok()).as(String.join("\n", b.tail())).isTrue();
    }
}
