package org.foosched.app.cli;

import org.foosched.analysis.source.KernelSource;
import org.foosched.analysis.source.SourceUnpacker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** {@code foosched extract_src SOURCE DIR}, as in the seed's Quick Start step 4. */
@Command(name = "extract_src", aliases = "extract-src",
        description = "Unpack a kernel source package (linux-source-*.deb, a .tar.xz, or a .src.rpm) into DIR.")
public final class ExtractSrcCommand extends LocalCommand {

    @Parameters(index = "0", paramLabel = "SOURCE", description = "the source package or tarball")
    Path source;

    @Parameters(index = "1", paramLabel = "DIR", description = "where the kernel tree goes (must not exist or be empty)")
    Path dir;

    @Option(names = {"-v", "--verbose"}, description = "print what runs")
    boolean verbose;

    @Override
    public Integer call() {
        ConsoleProgress progress = new ConsoleProgress(out(), verbose).cancelOnInterrupt();
        KernelSource ks = new SourceUnpacker(progress).unpack(source, dir);
        progress.done();
        out().println("Linux " + ks.version() + " source in " + ks.root());
        return 0;
    }
}
