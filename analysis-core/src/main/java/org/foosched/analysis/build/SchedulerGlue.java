package org.foosched.analysis.build;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.vmlinux.VmlinuxIndex;

import java.nio.file.Path;
import java.util.List;

/**
 * The scheduler-specific part of the runtime ({@code module-runtime-c/sched/}): the
 * {@code __schedule} springboard, the run-queue state rebuild and the re-pointing of
 * {@code sched_features}, {@code sched/debug} and {@code schedstat}. Until it lands the
 * module carries the generic runtime only.
 */
final class SchedulerGlue {

    private SchedulerGlue() {
    }

    /** Redirects the glue needs beyond the analysis' (e.g. the springboard's tail). */
    static List<RedirectPlanner.Target> extraTargets(VmlinuxIndex index, AnalysisResult analysis) {
        return List.of();
    }

    /** Copies the glue into the module directory; returns its objects for the Kbuild. */
    static List<String> install(Path runtime, Path mod, Path build) {
        return List.of();
    }
}
