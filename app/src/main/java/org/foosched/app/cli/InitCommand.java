package org.foosched.app.cli;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.Problem;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.kit.KitLocator;
import org.foosched.analysis.pipeline.InitPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

/** {@code foosched init RELEASE KERNEL_SRC WORK_DIR}, as in the seed's Quick Start step 5. */
@Command(name = "init", description = "Analyse the scheduler's boundary in a kernel release and extract it into WORK_DIR.")
public final class InitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "RELEASE", description = "kernel release, e.g. 6.1.0-56-amd64 (uname -r)")
    String release;

    @Parameters(index = "1", paramLabel = "KERNEL_SRC", description = "the release's kernel source (foosched extract_src)")
    Path kernelSource;

    @Parameters(index = "2", paramLabel = "WORK_DIR", description = "the workspace to create")
    Path workDir;

    @Option(names = "--config", paramLabel = "FILE", description = "boundary.yaml to use (default: the workspace's, else the shipped one)")
    Path config;

    @Option(names = "--force", description = "re-extract a workspace that has edits (they are saved as a patch)")
    boolean force;

    @Option(names = "--no-compile-check", description = "skip compiling the extracted tree")
    boolean noCompileCheck;

    @Option(names = {"-v", "--verbose"}, description = "print what runs")
    boolean verbose;

    @Override
    public Integer call() {
        ConsoleProgress progress = new ConsoleProgress(System.out, verbose).cancelOnInterrupt();
        long t0 = System.nanoTime();
        Kit kit = KitLocator.standard().require(release, true, progress);
        InitPipeline.Outcome o = new InitPipeline().run(new InitPipeline.Request(kit, kernelSource, workDir, config,
                force, !noCompileCheck), progress);
        progress.done();
        AnalysisResult a = o.analysis();
        System.out.println("Scheduler of " + kit.release() + " extracted to " + o.workspace().modDir());
        System.out.println();
        Summary.print(a, System.out);
        for (Problem p : a.problems()) {
            System.out.println("  " + p);
        }
        System.out.println();
        o.timings().forEach((step, d) -> System.out.printf("  %-30s %6.1f s%n", step, d.toMillis() / 1000.0));
        System.out.printf("  %-30s %6.1f s%n", "total", Duration.ofNanos(System.nanoTime() - t0).toMillis() / 1000.0);
        if (o.savedEdits() != null) {
            System.out.println("Your previous edits are saved in " + o.savedEdits());
        }
        System.out.println("Report: " + o.workspace().reportMarkdown());
        return 0;
    }
}
