package org.foosched.views.e2e;

import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.testing.TestKit;
import org.foosched.views.app.MainViewModel;
import org.foosched.views.app.WorkbenchSettings;
import org.foosched.views.boundary.BoundaryViewModel;
import org.foosched.views.build.BuildViewModel;
import org.foosched.views.diff.DiffViewModel;
import org.foosched.views.editor.EditorViewModel;
import org.foosched.views.graph.CallGraphViewModel;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.testing.PumpedUi;
import org.foosched.views.workbench.WorkbenchContext;
import org.foosched.views.workspace.NewWorkspaceViewModel;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbench's day on Debian's real kernel, through its view-models: "New workspace from a
 * Debian kernel release…" (kit, source, init), open it, drop an interface and see what moved,
 * the call graph of try_to_wake_up, the Quick Start edit in the diff and the safety report, and
 * {@code foosched build} with packages from the build panel.
 */
@Tag("e2e")
class WorkbenchE2ETest {

    @TempDir
    Path tmp;

    @Test
    void fromAReleaseToPackagesThroughTheWorkbench() throws Exception {
        Kit kit = TestKit.require();
        Path source = TestKit.source().root();
        PumpedUi ui = new PumpedUi();
        WorkbenchContext ctx = ui.context();
        try {
            NewWorkspaceViewModel create = new NewWorkspaceViewModel(ctx);
            create.releaseProperty().set(kit.release());
            create.kernelSourceProperty().set(source.toString());
            Path ws = tmp.resolve("scheduler");
            create.workDirProperty().set(ws.toString());
            assertThat(create.validate()).isNull();
            create.start();
            ui.pumpUntil(() -> !create.runningProperty().get(), Duration.ofMinutes(15));
            assertThat(create.createdProperty().get()).as(create.resultProperty().get()).isEqualTo(ws);
            assertThat(create.log()).anySatisfy(l -> assertThat(l).contains("collect"));

            System.setProperty("foosched.config.dir", tmp.resolve("config").toString());
            MainViewModel main = new MainViewModel(ctx, new WorkbenchSettings());
            BoundaryViewModel boundary = new BoundaryViewModel(ctx);
            CallGraphViewModel graph = new CallGraphViewModel(ctx);
            DiffViewModel diff = new DiffViewModel(ctx);
            BuildViewModel build = new BuildViewModel(ctx);
            main.open(ws);
            ui.pumpUntil(() -> ctx.analysis() != null, Duration.ofMinutes(2));
            assertThat(ctx.analysis().errors()).isEmpty();

            // tune: drop an interface whose chain stays inside only thanks to it
            boundary.remove(BoundaryViewModel.Section.INTERFACE, "sched_setaffinity");
            ui.pumpUntil(() -> !boundary.analysingProperty().get(), Duration.ofSeconds(30));
            assertThat(boundary.moves()).anySatisfy(m -> assertThat(m).contains("became outsiders")
                    .contains("because sched_setaffinity is used by"));
            assertThat(boundary.lastAnalysisMillisProperty().get()).as("re-analysis, ms").isLessThan(1000);
            System.out.println("e2e: re-analysis " + boundary.lastAnalysisMillisProperty().get() + " ms, shown "
                    + boundary.lastShownMillisProperty().get() + " ms after the edit");
            boundary.add(BoundaryViewModel.Section.INTERFACE, "sched_setaffinity");
            ui.pumpUntil(() -> !boundary.analysingProperty().get(), Duration.ofSeconds(30));
            assertThat(ctx.analysis().function(new FnId("kernel/sched/core.c", "sched_setaffinity")).orElseThrow().cls())
                    .isEqualTo(FunctionClass.INTERFACE);
            assertThat(boundary.dirtyProperty().get()).as("the entry moved to the end of the list").isTrue();
            boundary.revert();
            assertThat(boundary.dirtyProperty().get()).isFalse();

            ctx.selectionProperty().set(new FnId("kernel/sched/core.c", "try_to_wake_up"));
            assertThat(graph.sliceProperty().get().node("kernel/sched/core.c:try_to_wake_up").cls())
                    .isEqualTo(FunctionClass.INTERFACE);
            assertThat(graph.lastBuildMicrosProperty().get()).as("graph slice, µs").isLessThan(1_000_000);

            // the Quick Start edit, through the editor's model
            Path core = ws.resolve("kernel/sched/mod/core.c");
            EditorViewModel ed = new EditorViewModel(ctx, core);
            String t = ed.text();
            int body = t.indexOf('{', t.indexOf("static void __sched notrace __schedule(unsigned int sched_mode)")) + 2;
            String add = "\tif (sched_feat(FOOSCHED_TEST))\n\t\tprintk_once(\"I am the new scheduler: __schedule\\n\");\n\n";
            ed.edited(t.substring(0, body) + add + t.substring(body), body, 0, add.length());
            ed.save();
            assertThat(ctx.problems().of(ProblemItem.Source.EDITOR)).as("the body of __schedule is free").isEmpty();
            Path features = ws.resolve("kernel/sched/mod/features.h");
            EditorViewModel fe = new EditorViewModel(ctx, features);
            String ft = fe.text();
            int line2 = ft.indexOf('\n') + 1;
            fe.edited(ft.substring(0, line2) + "SCHED_FEAT(FOOSCHED_TEST, false)\n\n" + ft.substring(line2), line2, 0, 34);
            fe.save();
            diff.refresh();
            ui.pumpUntil(() -> !diff.busyProperty().get() && diff.changedFiles().size() == 2, Duration.ofSeconds(60));
            assertThat(diff.changedFunctions()).extracting(c -> c.function()).containsExactly("__schedule");
            assertThat(diff.findings()).as("the Quick Start edit breaks no rule").isEmpty();

            build.build();
            ui.pumpUntil(() -> !build.runningProperty().get(), Duration.ofMinutes(20));
            assertThat(build.resultProperty().get()).startsWith("built scheduler.ko").contains(".rpm").contains(".deb");
            try (var p = Files.list(ws.resolve("working/packages"))) {
                assertThat(p.map(x -> x.getFileName().toString()))
                        .anySatisfy(n -> assertThat(n).endsWith(".rpm"))
                        .anySatisfy(n -> assertThat(n).endsWith(".deb"));
            }
            assertThat(ctx.problems().of(ProblemItem.Source.BUILD))
                    .noneMatch(p -> p.severity() == ProblemItem.Severity.ERROR);
        } finally {
            ctx.shutdown();
        }
    }
}
