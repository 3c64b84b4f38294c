package org.foosched.app.cli;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.boundary.Problem;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.report.BoundaryReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code foosched analyze WORK_DIR}: re-analyse the boundary with the workspace's current
 * {@code working/boundary.yaml} and rewrite the reports, without re-extracting (that is
 * {@code init --force}).
 */
@Command(name = "analyze", aliases = "analyse",
        description = "Re-analyse WORK_DIR's boundary with its working/boundary.yaml and rewrite the reports.")
public final class AnalyzeCommand extends LocalCommand {

    @Parameters(index = "0", paramLabel = "WORK_DIR")
    Path workDir;

    @Option(names = "--roots", defaultValue = "15", description = "how many outsider roots to list (default ${DEFAULT-VALUE})")
    int roots;

    @Override
    public Integer call() {
        ConsoleProgress progress = new ConsoleProgress(err(), false);
        WorkspaceSession s = WorkspaceSession.open(workDir, progress);
        progress.done();
        long t0 = System.nanoTime();
        AnalysisResult a = s.analyze();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        new BoundaryReport(a, s.info().release()).write(s.workspace().reportMarkdown(), s.workspace().reportJson());
        Summary.print(a, out());
        a.problems().forEach(p -> out().println("  " + p));
        out().println("Outsider roots (making one an interface keeps its chain in the module):");
        int n = 0;
        for (Map.Entry<FunctionResult, Integer> e : a.outsiderRoots().entrySet()) {
            if (n++ >= roots) {
                break;
            }
            out().printf("  %-40s keeps %4d out: %s%n", e.getKey().name(), e.getValue(), e.getKey().reason().describe());
        }
        out().println("Analysed in " + ms + " ms; report: " + s.workspace().reportMarkdown());
        return a.errors().isEmpty() ? 0 : 1;
    }
}
