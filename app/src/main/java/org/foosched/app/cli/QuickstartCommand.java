package org.foosched.app.cli;

import org.foosched.analysis.build.BuildPipeline;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.kit.KitFetcher;
import org.foosched.analysis.pipeline.InitPipeline;
import org.foosched.analysis.source.KernelSource;
import org.foosched.analysis.source.SourceUnpacker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code foosched quickstart [DIR]}: the main job in one command — today's Debian kit, its
 * source, the extracted scheduler and the module with its packages — for a first run or a
 * pipeline. Each step is the command of the same name; a rerun reuses what is there.
 */
@Command(name = "quickstart", description = "Kit, source, init and build in one go: DIR/kernel, DIR/scheduler, "
        + "and the packages in DIR/scheduler/working/packages.")
public final class QuickstartCommand extends LocalCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "where to work (default: ~/foosched-work)")
    Path dir;

    @Option(names = "--release", description = "kernel release (default: the one linux-image-amd64 depends on now)")
    String release;

    @Option(names = {"-v", "--verbose"}, description = "print what runs")
    boolean verbose;

    @Override
    public Integer call() {
        Path base = dir != null ? dir : Path.of(System.getProperty("user.home"), "foosched-work");
        ConsoleProgress progress = new ConsoleProgress(out(), verbose).cancelOnInterrupt();
        long t0 = System.nanoTime();
        Kit kit = KitFetcher.standard(progress).fetch(release);
        Path kernel = base.resolve("kernel");
        KernelSource source = Files.isRegularFile(kernel.resolve("Makefile")) ? KernelSource.at(kernel)
                : new SourceUnpacker(progress).unpack(kit.sourceTarball(), kernel);
        Path ws = base.resolve("scheduler");
        InitPipeline.Outcome init = new InitPipeline().run(new InitPipeline.Request(kit, source.root(), ws, null,
                false, true), progress);
        BuildPipeline.Outcome build = new BuildPipeline().run(new BuildPipeline.Request(ws, null, Set.of("rpm", "deb"),
                null, null), progress);
        progress.done();
        InitOptions.report(out(), kit, init, t0);
        out().println("Module: " + build.module() + " (" + build.redirects() + " redirected functions)");
        build.packages().forEach(p -> out().println("Package: " + p));
        out().println();
        out().println("Next: edit " + init.workspace().modDir() + ", then");
        out().println("  foosched build " + ws);
        out().println("  foosched vm start && foosched deploy <package> --host testbed");
        return 0;
    }
}
