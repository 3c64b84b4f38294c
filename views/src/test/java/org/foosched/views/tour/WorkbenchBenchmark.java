package org.foosched.views.tour;

import org.foosched.analysis.boundary.AnalysisDiff;
import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.progress.Progress;
import org.foosched.views.boundary.BoundaryRows;
import org.foosched.views.boundary.BoundaryViewModel;
import org.foosched.views.graph.CallGraphSlice;
import org.foosched.views.testing.PumpedUi;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The workbench's numbers without a screen, on a real workspace: opening (facts + vmlinux
 * index), the analysis cold and warm, what the boundary panel prepares off the UI thread per
 * run (the diff and the table rows), an edit through the boundary view-model until what moved
 * is delivered, and the call-graph slice. Run:
 * <pre>
 * java -cp … org.foosched.views.tour.WorkbenchBenchmark WORKSPACE [ROUNDS]
 * </pre>
 * The workspace's boundary.yaml is edited in memory only.
 */
public final class WorkbenchBenchmark {

    private WorkbenchBenchmark() {
    }

    public static void main(String[] args) {
        Path ws = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        long t0 = System.nanoTime();
        WorkspaceSession s = WorkspaceSession.open(ws, Progress.NONE);
        System.out.printf("open (facts + vmlinux index): %d ms%n", ms(t0));
        BoundaryConfig c = s.config();
        long t1 = System.nanoTime();
        AnalysisResult first = s.session().analyze(c);
        System.out.printf("first analysis (cold): %d ms, %d functions, %d variables%n", ms(t1),
                first.functions().size(), first.variables().size());
        List<String> interfaces = new ArrayList<>(c.interfaceSet());
        List<Long> analyse = new ArrayList<>();
        List<Long> prepare = new ArrayList<>();
        AnalysisResult prev = first;
        for (int i = 0; i < rounds; i++) {
            List<String> l = new ArrayList<>(interfaces);
            l.remove(interfaces.get(i % interfaces.size()));
            long a = System.nanoTime();
            AnalysisResult r = s.session().analyze(c.withInterfaces(l));
            analyse.add(ms(a));
            long p = System.nanoTime();
            AnalysisDiff.between(prev, r);
            BoundaryRows.of(r, s.workspace().configFile());
            prepare.add(ms(p));
            prev = r;
        }
        System.out.println("analysis, warm (ms): " + analyse);
        System.out.println("diff + table rows, off the UI thread (ms): " + prepare);

        PumpedUi ui = new PumpedUi();
        WorkbenchContext ctx = ui.context();
        ctx.sessionProperty().set(s);
        ctx.analysisProperty().set(first);
        BoundaryViewModel vm = new BoundaryViewModel(ctx);
        List<Long> shown = new ArrayList<>();
        String[] names = {"migrate_enable", "task_call_func", "sched_setaffinity", "kick_process", "wake_up_if_idle"};
        for (int i = 0; i < rounds; i++) {
            String n = names[i % names.length];
            vm.remove(BoundaryViewModel.Section.INTERFACE, n);
            ui.pumpUntil(() -> !vm.analysingProperty().get(), Duration.ofSeconds(30));
            shown.add(vm.lastShownMillisProperty().get());
            vm.add(BoundaryViewModel.Section.INTERFACE, n);
            ui.pumpUntil(() -> !vm.analysingProperty().get(), Duration.ofSeconds(30));
            shown.add(vm.lastShownMillisProperty().get());
        }
        System.out.println("edit -> what moved delivered, view-model without a screen (ms, incl. "
                + BoundaryViewModel.DEBOUNCE_MS + " ms debounce): " + shown);

        List<Long> graph = new ArrayList<>();
        for (String f : new String[] {"try_to_wake_up", "__schedule", "scheduler_tick", "update_curr", "enqueue_task_fair"}) {
            String file = f.endsWith("_fair") || f.equals("update_curr") ? "kernel/sched/fair.c" : "kernel/sched/core.c";
            long g = System.nanoTime();
            CallGraphSlice sl = CallGraphSlice.around(ctx.analysis(), s.session().model(), s.session().view(),
                    new FnId(file, f), 2, 16);
            graph.add(ms(g));
            System.out.printf("  call graph slice %s, 2 hops: %d nodes, %d edges%n", f, sl.nodes().size(), sl.edges().size());
        }
        System.out.println("call graph slice, 2 hops (ms): " + graph);
        ctx.shutdown();
        System.exit(0);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
