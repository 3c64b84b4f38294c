package org.foosched.app.bench;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.progress.Progress;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Times what the workbench does on every edit of the boundary: one configuration change
 * (an interface added or removed), analysed in-process with the facts and the vmlinux index
 * already in memory. Prints the median and the worst of 20 runs after 5 warm-up runs.
 */
public final class ReanalysisBench {

    private ReanalysisBench() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        WorkspaceSession s = WorkspaceSession.open(Path.of(args[0]), Progress.NONE);
        BoundaryConfig base = s.config();
        System.out.printf("load facts and vmlinux index in-process: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        List<String> interfaces = new ArrayList<>(base.interfaceSet());
        List<String> fewer = interfaces.subList(0, interfaces.size() - 1);
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            BoundaryConfig c = i % 2 == 0 ? base.withInterfaces(fewer) : base;
            long t = System.nanoTime();
            AnalysisResult r = s.session().analyze(c);
            long ms = (System.nanoTime() - t) / 1_000_000;
            if (r.functions().isEmpty()) {
                throw new IllegalStateException("empty analysis");
            }
            if (i >= 5) {
                times.add(ms);
            }
        }
        times.sort(null);
        System.out.printf("re-analysis after one config change, in-process: median %d ms, worst %d ms (20 runs)%n",
                times.get(times.size() / 2), times.get(times.size() - 1));
    }
}
