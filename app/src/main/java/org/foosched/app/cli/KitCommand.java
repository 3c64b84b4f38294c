package org.foosched.app.cli;

import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.kit.KitFetcher;
import org.foosched.analysis.kit.KitManifest;
import org.foosched.analysis.kit.KitStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;


/** {@code foosched kit fetch|list}: the cached kernel kits. */
@Command(name = "kit", description = "Kernel kits: a Debian release's source, headers, image and vmlinux.",
        subcommands = {KitCommand.Fetch.class, KitCommand.ListKits.class})
public final class KitCommand {

    @Command(name = "fetch", description = "Download and unpack the kit of a release "
            + "(default: the release linux-image-amd64 depends on now).")
    static final class Fetch extends LocalCommand {
        @Option(names = "--release", description = "kernel release, e.g. 6.1.0-56-amd64")
        String release;

        @Option(names = {"-v", "--verbose"}, description = "print what runs")
        boolean verbose;

        @Override
        public Integer call() {
            ConsoleProgress progress = new ConsoleProgress(out(), verbose).cancelOnInterrupt();
            Kit kit = KitFetcher.standard(progress).fetch(release);
            progress.done();
            out().println("kit " + kit.release() + " (upstream " + kit.upstreamVersion() + ") in "
                    + KitStore.standard().dirOf(kit.release()));
            out().println("  headers  " + kit.headersDir());
            out().println("  vmlinux  " + kit.vmlinux());
            out().println("  source   " + kit.sourceTarball());
            return 0;
        }
    }

    @Command(name = "list", description = "List the cached kits.")
    static final class ListKits extends LocalCommand {
        @Override
        public Integer call() {
            KitStore store = KitStore.standard();
            var kits = store.list();
            if (kits.isEmpty()) {
                out().println("no kits in " + store.root() + " (foosched kit fetch)");
                return 0;
            }
            out().printf("%-24s %-12s %-22s %8s%n", "RELEASE", "UPSTREAM", "FETCHED", "SIZE");
            for (KitManifest m : kits) {
                out().printf("%-24s %-12s %-22s %7dM%n", m.release(), m.upstreamVersion(),
                        m.created().toString().replaceAll("\\.\\d+Z$", "Z"), store.sizeOnDisk(m.release()) >> 20);
            }
            return 0;
        }
    }
}
