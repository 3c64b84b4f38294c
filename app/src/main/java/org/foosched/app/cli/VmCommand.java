package org.foosched.app.cli;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.vm.Accel;
import org.foosched.remote.vm.ConsoleEvent;
import org.foosched.remote.vm.ConsoleListener;
import org.foosched.remote.vm.ConsoleWatcher;
import org.foosched.remote.vm.VmException;
import org.foosched.remote.vm.VmLocations;
import org.foosched.remote.vm.VmManager;
import org.foosched.remote.vm.VmSpec;
import org.foosched.remote.vm.VmStatus;
import org.foosched.remote.hosts.HostInventory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code foosched vm …}: the disposable test host, a Debian VM under QEMU that runs the
 * kit's stock kernel and answers SSH with a recorded host key.
 */
@Command(name = "vm",
        description = "Start, inspect and stop test host VMs (Debian userland, the release's stock kernel, QEMU).",
        mixinStandardHelpOptions = true,
        subcommands = {
                VmCommand.Start.class,
                VmCommand.Stop.class,
                VmCommand.Status.class,
                VmCommand.Console.class,
                VmCommand.Ssh.class,
        })
public final class VmCommand implements Runnable {

    /** Makes the manager; tests replace it to use their own cache or inventory. */
    static Function<Accel, VmManager> managerFactory = accel -> {
        VmLocations loc = VmLocations.fromEnvironment();
        return new VmManager(loc, VmManager.lazyBuilder(loc),
                new org.foosched.remote.vm.HostRegistration(HostInventory.defaultFile()),
                accel == null ? Accel.fromEnvironment() : accel, VmManager.bootTimeoutFromEnvironment());
    };

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Shared: the VM name and the error handling of every subcommand. */
    abstract static class VmSubcommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--name", paramLabel = "NAME", defaultValue = VmSpec.DEFAULT_NAME,
                description = "VM name (default: ${DEFAULT-VALUE}); also its inventory host name")
        String name;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        PrintWriter err() {
            return spec.commandLine().getErr();
        }

        @Override
        public final Integer call() {
            try {
                return execute();
            } catch (VmException | IllegalArgumentException | HostInventory.InventoryException e) {
                err().println("foosched vm " + spec.name() + ": " + e.getMessage());
                err().flush();
                return 1;
            } catch (Progress.CancelledException e) {
                err().println("foosched vm " + spec.name() + ": cancelled");
                return 130;
            }
        }

        abstract int execute();

        VmManager manager(Accel accel) {
            return managerFactory.apply(accel);
        }
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = {"Boot a VM and wait until SSH answers with the recorded host key; registers it in the"
                    + " host inventory under its name. Builds the image first when needed (needs root).",
                    "Default release: the newest kit in ~/.cache/foosched/kits/."})
    static final class Start extends VmSubcommand {
        @Option(names = "--cpus", paramLabel = "N", defaultValue = "" + VmSpec.DEFAULT_CPUS,
                description = "vCPUs (default: ${DEFAULT-VALUE})")
        int cpus;

        @Option(names = "--mem", paramLabel = "MB", defaultValue = "" + VmSpec.DEFAULT_MEM_MB,
                description = "memory in MiB (default: ${DEFAULT-VALUE})")
        int memMB;

        @Option(names = "--release", paramLabel = "R", description = "kernel release (default: the newest kit)")
        String release;

        @Option(names = "--accel", paramLabel = "tcg|kvm|auto",
                description = "QEMU accelerator (default: $FOOSCHED_VM_ACCEL or tcg; auto probes KVM for a few seconds)")
        String accel;

        @Option(names = {"-v", "--verbose"}, description = "print every command and the console findings as they come")
        boolean verbose;

        @Override
        int execute() {
            Accel a = accel == null ? null : parseAccel(accel);
            VmManager m = manager(a);
            String r = m.resolveRelease(release);
            VmSpec vm = new VmSpec(name, r, cpus, memMB);
            Thread abort = new Thread(() -> {
                try {
                    m.abortStart(vm.name());
                } catch (RuntimeException ignored) {
                    // best effort while the JVM goes down
                }
            }, "vm-start-abort");
            Runtime.getRuntime().addShutdownHook(abort);
            VmStatus s;
            try {
                s = m.start(vm, new CliProgress(err(), verbose), new ConsoleListener() {
                    @Override
                    public void onEvent(ConsoleEvent event) {
                        err().println("console: " + event.describe());
                        err().flush();
                    }
                });
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(abort);
                } catch (IllegalStateException ignored) {
                    // already shutting down: the hook runs
                }
            }
            out().printf(Locale.ROOT, "VM %s is up: kernel %s, ssh root@127.0.0.1 -p %d, booted to SSH in %.1f s%n",
                    s.name(), s.vm().release(), s.vm().sshPort(), s.vm().bootMs() / 1000.0);
            out().println("  registered as host '" + s.name() + "' in " + HostInventory.defaultFile());
            out().println("  console: " + s.consoleLog());
            out().println("  shell:   foosched vm ssh --name " + s.name());
            return 0;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop a VM (also a crashed one): end QEMU, remove its overlay, state and inventory entry;"
                    + " the console log stays.")
    static final class Stop extends VmSubcommand {
        @Option(names = "--all", description = "stop every VM")
        boolean all;

        @Option(names = "--purge", description = "also remove the VM's directory with its console logs")
        boolean purge;

        @Override
        int execute() {
            VmManager m = manager(null);
            List<VmManager.StopResult> results = all ? m.stopAll(purge) : List.of(m.stop(name, purge));
            if (results.isEmpty()) {
                out().println("no VMs");
            }
            for (VmManager.StopResult r : results) {
                out().println(r.name() + ": " + (r.killed() ? "stopped" : r.hadState() ? "was not running; cleaned up"
                        : "was not running"));
            }
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true,
            description = "Show VMs: running or exited, ports, boot time, and kernel failures found on the console"
                    + " (panic, oops, BUG, hung task, RCU stall, warning) with context. Exit code 3 when a failure"
                    + " was found.")
    static final class Status extends VmSubcommand {
        @Option(names = "--all", description = "every VM (the default when --name is not given)")
        boolean all;

        @Override
        int execute() {
            VmManager m = manager(null);
            boolean every = all || !spec.commandLine().getParseResult().hasMatchedOption("--name");
            List<VmStatus> list = every ? m.statusAll() : List.of(m.status(name));
            if (list.isEmpty()) {
                out().println("no VMs (start one with 'foosched vm start')");
                return 0;
            }
            boolean failures = false;
            for (VmStatus s : list) {
                out().println(s.summary());
                failures |= !s.findings().isEmpty();
            }
            return failures ? 3 : 0;
        }
    }

    @Command(name = "console", mixinStandardHelpOptions = true,
            description = "Print a VM's serial console log (~/.cache/foosched/vms/NAME/console.log).")
    static final class Console extends VmSubcommand {
        @Option(names = {"-f", "--follow"}, description = "keep printing new lines while the VM runs")
        boolean follow;

        @Option(names = "--previous", description = "the console of the run before the last start")
        boolean previous;

        @Override
        int execute() {
            VmManager m = manager(null);
            VmStatus s = m.status(name);
            Path log = previous ? s.consoleLog().resolveSibling("console.previous.log") : s.consoleLog();
            if (!Files.exists(log)) {
                throw new VmException("no console log " + log + " (VM '" + name + "' has not run)");
            }
            if (!follow || previous) {
                try (InputStream in = Files.newInputStream(log)) {
                    out().print(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                    out().flush();
                } catch (IOException e) {
                    throw new VmException("cannot read " + log + ": " + e.getMessage());
                }
                return 0;
            }
            try (ConsoleWatcher w = m.watchConsole(name, new ConsoleListener() {
                @Override
                public void onEvent(ConsoleEvent event) {
                    err().println("console: " + event.worst().label() + " at line " + event.lineNumber());
                    err().flush();
                }

                @Override
                public void onLine(String line) {
                    out().println(line);
                    out().flush();
                }
            })) {
                while (m.status(name).running()) {
                    Thread.sleep(500);
                }
                Thread.sleep(1500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 0;
        }
    }

    @Command(name = "ssh", mixinStandardHelpOptions = true,
            description = {"Run a command on a VM, or open a shell when none is given, with the system ssh client,"
                    + " the image's client key and the VM's recorded host key (StrictHostKeyChecking=yes).",
                    "Put the command after '--': foosched vm ssh -- uname -r. Exit code: the command's (255: ssh failed)."})
    static final class Ssh extends VmSubcommand {
        @Parameters(arity = "0..*", paramLabel = "COMMAND", description = "the remote command and its arguments")
        List<String> command = new ArrayList<>();

        @Override
        int execute() {
            List<String> cmd = manager(null).sshCommand(name, command);
            try {
                if (command.isEmpty()) {
                    return new ProcessBuilder(cmd).inheritIO().start().waitFor();
                }
                Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.INHERIT).start();
                Thread o = pump(p.getInputStream(), out());
                Thread e = pump(p.getErrorStream(), err());
                int rc = p.waitFor();
                o.join();
                e.join();
                return rc;
            } catch (IOException ex) {
                throw new VmException("cannot run ssh: " + ex.getMessage());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return 130;
            }
        }

        private static Thread pump(InputStream in, PrintWriter to) {
            Thread t = new Thread(() -> {
                char[] buf = new char[8192];
                try (java.io.Reader r = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                    for (int n; (n = r.read(buf)) > 0; ) {
                        to.write(buf, 0, n);
                        to.flush();
                    }
                } catch (IOException ignored) {
                    // ssh went away
                }
            }, "vm-ssh-pump");
            t.setDaemon(true);
            t.start();
            return t;
        }
    }

    static Accel parseAccel(String v) {
        try {
            return Accel.valueOf(v.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--accel " + v + ": use tcg, kvm or auto");
        }
    }

    /** Prints steps to the error stream; the log only when verbose. */
    static final class CliProgress implements Progress {
        private final PrintWriter err;
        private final boolean verbose;

        CliProgress(PrintWriter err, boolean verbose) {
            this.err = err;
            this.verbose = verbose;
        }

        @Override
        public synchronized void step(String what, double fraction) {
            err.println("vm: " + what);
            err.flush();
        }

        @Override
        public synchronized void log(String line) {
            if (verbose) {
                err.println("    " + line);
                err.flush();
            }
        }
    }
}
