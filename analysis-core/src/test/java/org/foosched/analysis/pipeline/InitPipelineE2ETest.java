package org.foosched.analysis.pipeline;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.DataPlacement;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.extract.Markers;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.VarId;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.testing.TestKit;
import org.foosched.analysis.workspace.Workspace;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code foosched init} on Debian's real 6.1 kernel: collect, index, analyse, extract, and the
 * extracted scheduler compiles as an out-of-tree module against the release's headers.
 */
@Tag("e2e")
class InitPipelineE2ETest {

    @Test
    void extractsDebiansSchedulerIntoAWorkspaceThatCompiles(@TempDir Path tmp) throws Exception {
        Kit kit = TestKit.require();
        Path src = TestKit.source().root();
        Path work = tmp.resolve("scheduler");

        InitPipeline.Outcome o = new InitPipeline().run(new InitPipeline.Request(kit, src, work, null, false, true),
                Progress.NONE);

        assertThat(o.compile().ok()).as("the extracted tree compiles").isTrue();
        AnalysisResult a = o.analysis();
        assertThat(a.errors()).isEmpty();
        assertThat(cls(a, "kernel/sched/core.c", "__schedule")).isEqualTo(FunctionClass.INTERFACE);
        assertThat(cls(a, "kernel/sched/core.c", "schedule")).as("sleeping tasks are inside it").isEqualTo(FunctionClass.OUTSIDER);
        assertThat(cls(a, "kernel/sched/fair.c", "enqueue_task_fair")).isEqualTo(FunctionClass.CALLBACK);
        assertThat(cls(a, "kernel/sched/fair.c", "pick_next_task_fair")).isEqualTo(FunctionClass.INSIDER);
        assertThat(a.variable(new VarId("kernel/sched/core.c", "runqueues")).orElseThrow().placement())
                .isEqualTo(DataPlacement.SHARED_CRITICAL);
        assertThat(a.countsByClass().get(FunctionClass.INSIDER)).isGreaterThan(500);
        assertThat(a.redirected()).hasSizeGreaterThan(150)
                .allSatisfy(f -> assertThat(f.symbol().size()).isGreaterThanOrEqualTo(f.symbol().fentry() ? 10 : 5));

        Workspace ws = o.workspace();
        String core = Files.readString(ws.modDir().resolve("core.c"), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(core).contains(Markers.SIGNATURE).contains(Markers.OUTSIDER)
                .doesNotContain("\n#define CREATE_TRACE_POINTS");
        assertThat(ws.modDir().resolve("features.h")).exists();
        assertThat(ws.root().resolve("kernel/workqueue_internal.h")).as("local headers keep their path").exists();
        assertThat(ws.pristineModDir().resolve("core.c")).hasSameTextualContentAs(ws.modDir().resolve("core.c"));
        assertThat(ws.reportMarkdown()).content().contains("## Data (the seed's table)").contains("runqueues");
        assertThat(ws.reportJson()).exists();
        assertThat(work.getParent()).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".scheduler.tmp"));

        // explain: the chain that forces an outsider out ends outside the boundary
        assertThat(String.join("\n", a.explain(new FnId("kernel/sched/core.c", "schedule"))))
                .contains("outside the boundary");

        // an edited workspace is not re-extracted without --force, and stays as it was
        Path edited = ws.modDir().resolve("fair.c");
        Files.writeString(edited, Files.readString(edited, java.nio.charset.StandardCharsets.ISO_8859_1)
                + "\n/* my change */\n", java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> new InitPipeline().run(new InitPipeline.Request(kit, src, work, null, false, false),
                Progress.NONE)).hasMessageContaining("has edits").hasMessageContaining("--force");
        assertThat(Files.readString(edited, java.nio.charset.StandardCharsets.ISO_8859_1)).endsWith("/* my change */\n");
    }

    private static FunctionClass cls(AnalysisResult a, String file, String name) {
        FunctionResult f = a.function(new FnId(file, name)).orElseThrow(() -> new AssertionError(name + " not found"));
        return f.cls();
    }
}
