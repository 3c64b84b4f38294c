package org.foosched.app.cli;

import org.foosched.analysis.kit.BuiltTreeKit;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.pipeline.InitPipeline;
import org.foosched.analysis.source.KernelSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code foosched dev_init KERNEL_SRC WORK_DIR}: init from a kernel tree the user built. */
@Command(name = "dev_init", aliases = "dev-init",
        description = "Like init, for a kernel you built yourself: KERNEL_SRC is the built tree (with .config and a "
                + "vmlinux linked with --emit-relocs).")
public final class DevInitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KERNEL_SRC", description = "the built kernel tree")
    Path tree;

    @Parameters(index = "1", paramLabel = "WORK_DIR", description = "the workspace to create")
    Path workDir;

    @Option(names = "--config", paramLabel = "FILE", description = "boundary.yaml to use")
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
        Kit kit = BuiltTreeKit.of(tree);
        KernelSource clean = BuiltTreeKit.cleanCopy(tree, progress);
        InitPipeline.Outcome o = new InitPipeline().run(new InitPipeline.Request(kit, clean.root(), workDir, config,
                force, !noCompileCheck), progress);
        progress.done();
        System.out.println("Scheduler of " + kit.release() + " (" + kit.origin() + ") extracted to " + o.workspace().modDir());
        System.out.println();
        Summary.print(o.analysis(), System.out);
        System.out.println("Report: " + o.workspace().reportMarkdown());
        return 0;
    }
}
