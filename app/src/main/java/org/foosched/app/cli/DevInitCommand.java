package org.foosched.app.cli;

import org.foosched.analysis.kit.BuiltTreeKit;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.pipeline.InitPipeline;
import org.foosched.analysis.source.KernelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code foosched dev_init KERNEL_SRC WORK_DIR}: init from a kernel tree the user built. */
@Command(name = "dev_init", aliases = "dev-init",
        description = "Like init, for a kernel you built yourself: KERNEL_SRC is the built tree (with .config and a "
                + "vmlinux linked with --emit-relocs).")
public final class DevInitCommand extends LocalCommand {

    @Parameters(index = "0", paramLabel = "KERNEL_SRC", description = "the built kernel tree")
    Path tree;

    @Parameters(index = "1", paramLabel = "WORK_DIR", description = "the workspace to create")
    Path workDir;

    @Mixin
    InitOptions options;

    @Override
    public Integer call() {
        ConsoleProgress progress = new ConsoleProgress(out(), options.verbose).cancelOnInterrupt();
        long t0 = System.nanoTime();
        Kit kit = BuiltTreeKit.of(tree);
        KernelSource clean = BuiltTreeKit.cleanCopy(tree, progress);
        InitPipeline.Outcome o = new InitPipeline().run(options.request(kit, clean.root(), workDir), progress);
        progress.done();
        InitOptions.report(out(), kit, o, t0);
        return 0;
    }
}
