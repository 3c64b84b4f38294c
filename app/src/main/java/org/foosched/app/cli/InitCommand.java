package org.foosched.app.cli;

import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.kit.KitLocator;
import org.foosched.analysis.pipeline.InitPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code foosched init RELEASE KERNEL_SRC WORK_DIR}, as in the seed's Quick Start step 5. */
@Command(name = "init", description = "Analyse the scheduler's boundary in a kernel release and extract it into WORK_DIR.")
public final class InitCommand extends LocalCommand {

    @Parameters(index = "0", paramLabel = "RELEASE", description = "kernel release, e.g. 6.1.0-56-amd64 (uname -r)")
    String release;

    @Parameters(index = "1", paramLabel = "KERNEL_SRC", description = "the release's kernel source (foosched extract_src)")
    Path kernelSource;

    @Parameters(index = "2", paramLabel = "WORK_DIR", description = "the workspace to create")
    Path workDir;

    @Mixin
    InitOptions options;

    @Override
    public Integer call() {
        ConsoleProgress progress = new ConsoleProgress(out(), options.verbose).cancelOnInterrupt();
        long t0 = System.nanoTime();
        Kit kit = KitLocator.standard().require(release, true, progress);
        InitPipeline.Outcome o = new InitPipeline().run(options.request(kit, kernelSource, workDir), progress);
        progress.done();
        InitOptions.report(out(), kit, o, t0);
        return 0;
    }
}
