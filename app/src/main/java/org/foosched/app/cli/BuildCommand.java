package org.foosched.app.cli;

import org.foosched.analysis.build.BuildPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** {@code foosched build WORK_DIR}, as in the seed's Quick Start step 6. */
@Command(name = "build", description = "Compile WORK_DIR's scheduler with the live-update runtime into scheduler.ko "
        + "and package it as RPM and DEB (working/packages/).")
public final class BuildCommand extends LocalCommand {

    @Parameters(index = "0", paramLabel = "WORK_DIR")
    Path workDir;

    @Option(names = "--version", description = "package version (default: 1.0.<timestamp>)")
    String version;

    @Option(names = "--formats", split = ",", defaultValue = "rpm,deb", description = "rpm, deb (default: ${DEFAULT-VALUE})")
    List<String> formats;

    @Option(names = "--no-package", description = "only compile the module")
    boolean noPackage;

    @Option(names = "--resolve-at-build", description = "resolve the module's vmlinux symbols now, from the kit's -dbg "
            + "vmlinux, instead of on the target from /proc/kallsyms: the package then loads as shipped (after a reboot "
            + "too, and with kptr_restrict), and a signature holds; implied by --sign-key")
    boolean resolveAtBuild;

    @Option(names = "--sign-key", paramLabel = "KEY", description = "sign the module with this key (needs --sign-cert; "
            + "implies --resolve-at-build)")
    Path signKey;

    @Option(names = "--sign-cert", paramLabel = "CERT")
    Path signCert;

    @Option(names = {"-v", "--verbose"}, description = "print the compiler's output")
    boolean verbose;

    @Override
    public Integer call() {
        if ((signKey == null) != (signCert == null)) {
            err().println("foosched: --sign-key and --sign-cert go together");
            return 2;
        }
        Set<String> f = noPackage ? Set.of() : new LinkedHashSet<>(formats);
        for (String x : f) {
            if (!x.equals("rpm") && !x.equals("deb")) {
                err().println("foosched: unknown package format '" + x + "' (rpm, deb)");
                return 2;
            }
        }
        ConsoleProgress progress = new ConsoleProgress(out(), verbose).cancelOnInterrupt();
        BuildPipeline.Outcome o = new BuildPipeline().run(new BuildPipeline.Request(workDir, version, f, signKey, signCert,
                resolveAtBuild),
                progress);
        progress.done();
        out().println("Module: " + o.module() + " (" + o.redirects() + " redirected functions, "
                + o.warnings().size() + " compiler warnings)");
        out().println(o.resolved() == null ? "Symbols: resolved on the target at install, from its /proc/kallsyms"
                : "Symbols: resolved at build time (" + o.resolved().symbols() + " vmlinux symbols, "
                + o.resolved().perCpu() + " per-cpu; " + o.resolved().relocations() + " relocations relative to "
                + o.resolved().anchor() + ")" + (signKey != null ? "; signed with " + signCert : ""));
        o.packages().forEach(p -> out().println("Package: " + p));
        o.timings().forEach((step, d) -> out().printf("  %-28s %6.1f s%n", step, d.toMillis() / 1000.0));
        return 0;
    }
}
