package org.foosched.app.cli;

import org.foosched.analysis.boundary.Problem;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.pipeline.InitPipeline;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;

/** Options and output shared by {@code init} and {@code dev_init}. */
final class InitOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "boundary.yaml to use (default: the workspace's, else the shipped one)")
    Path config;

    @Option(names = "--force", description = "re-extract a workspace that has edits (they are saved as a patch)")
    boolean force;

    @Option(names = "--no-compile-check", description = "skip compiling the extracted tree")
    boolean noCompileCheck;

    @Option(names = {"-v", "--verbose"}, description = "print what runs")
    boolean verbose;

    InitPipeline.Request request(Kit kit, Path source, Path workDir) {
        return new InitPipeline.Request(kit, source, workDir, config, force, !noCompileCheck);
    }

    static void report(PrintWriter out, Kit kit, InitPipeline.Outcome o, long startNanos) {
        out.println("Scheduler of " + kit.release() + " (" + kit.origin() + ") extracted to " + o.workspace().modDir());
        out.println();
        Summary.print(o.analysis(), out);
        for (Problem p : o.analysis().problems()) {
            out.println("  " + p);
        }
        out.println();
        o.timings().forEach((step, d) -> out.printf("  %-30s %6.1f s%n", step, d.toMillis() / 1000.0));
        out.printf("  %-30s %6.1f s%n", "total", Duration.ofNanos(System.nanoTime() - startNanos).toMillis() / 1000.0);
        if (o.savedEdits() != null) {
            out.println("Your previous edits are saved in " + o.savedEdits());
        }
        out.println("Report: " + o.workspace().reportMarkdown());
    }
}
