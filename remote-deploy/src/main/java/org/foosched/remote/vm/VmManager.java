package org.foosched.remote.vm;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.HostInventory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Starts, stops and inspects named test host VMs (QEMU, one state directory each) and runs
 * commands on them over SSH. A started VM is entered into the host inventory under its name,
 * so {@code foosched deploy} reaches it like any lab host; stopping takes it out again.
 * Operations on one name are serialized (a file lock for other processes, a JVM lock for
 * threads); different names run side by side.
 */
public final class VmManager {

    /** How an image for a release is obtained; normally {@link ImageBuilder#ensure}. */
    @FunctionalInterface
    public interface ImageSource {
        TestbedImage ensure(String release, Progress progress);
    }

    public static final Duration DEFAULT_BOOT_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int PORT_ATTEMPTS = 3;
    private static final Map<String, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private final VmLocations locations;
    private final ImageSource images;
    private final HostRegistration registration;
    private final Accel accel;
    private final Duration bootTimeout;
    private final PortAllocator ports = new PortAllocator();

    public VmManager(VmLocations locations, ImageSource images, HostRegistration registration, Accel accel,
                     Duration bootTimeout) {
        this.locations = locations;
        this.images = images;
        this.registration = registration;
        this.accel = accel;
        this.bootTimeout = bootTimeout;
    }

    /**
     * The manager for this user: cache in {@code ~/.cache/foosched} (or {@code $FOOSCHED_CACHE}),
     * inventory {@code ~/.config/foosched/hosts.yaml} (or {@code $FOOSCHED_HOSTS}), accelerator
     * from {@code $FOOSCHED_VM_ACCEL} (default tcg), boot timeout from
     * {@code $FOOSCHED_VM_BOOT_TIMEOUT} seconds (default 300).
     */
    public static VmManager fromEnvironment() {
        VmLocations loc = VmLocations.fromEnvironment();
        return new VmManager(loc, lazyBuilder(loc), new HostRegistration(HostInventory.defaultFile()),
                Accel.fromEnvironment(), bootTimeoutFromEnvironment());
    }

    /** An image source that locates the build script only when an image is needed. */
    public static ImageSource lazyBuilder(VmLocations loc) {
        return (release, progress) -> ImageBuilder.forInstallation(loc).ensure(release, progress);
    }

    /** {@code $FOOSCHED_VM_BOOT_TIMEOUT} seconds, default {@link #DEFAULT_BOOT_TIMEOUT}. */
    public static Duration bootTimeoutFromEnvironment() {
        String v = System.getenv("FOOSCHED_VM_BOOT_TIMEOUT");
        if (v == null || v.isBlank()) {
            return DEFAULT_BOOT_TIMEOUT;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            throw new VmException("FOOSCHED_VM_BOOT_TIMEOUT=" + v + ": give a number of seconds");
        }
    }

    public VmLocations locations() {
        return locations;
    }

    public KernelKits kits() {
        return new KernelKits(locations.kitsDir());
    }

    /** The release to boot: the given one, or the newest kit. */
    public String resolveRelease(String requested) {
        return kits().resolve(requested);
    }

    // --- start -----------------------------------------------------------------------------

    /**
     * Boots a VM and returns once SSH answers with the recorded host key and the guest runs
     * the expected kernel. Kernel failures on the console during boot go to {@code listener};
     * a panic ends the start at once with its context. On any failure QEMU is stopped again and
     * the console log stays for reading.
     */
    public VmStatus start(VmSpec spec, Progress progress, ConsoleListener listener) {
        return withLock(spec.name(), () -> doStart(spec, progress, listener));
    }

    private VmStatus doStart(VmSpec spec, Progress progress, ConsoleListener listener) {
        VmStateDir dir = locations.stateDir(spec.name());
        VmStatus before = status(spec.name());
        if (before.state() == VmStatus.State.RUNNING) {
            VmState s = before.vm();
            throw new VmException("VM '" + spec.name() + "' is already running (pid " + s.pid() + ", ssh 127.0.0.1:"
                    + s.sshPort() + "); use it with 'foosched vm ssh --name " + spec.name()
                    + "' or stop it with 'foosched vm stop --name " + spec.name() + "'");
        }
        cleanUp(dir, before.vm());

        TestbedImage image = images.ensure(spec.release(), progress);
        Accel use = resolveAccel(image, progress);
        dir.prepareRun();
        createOverlay(image, dir, progress);

        progress.step("starting VM " + spec.name() + " (" + spec.cpus() + " vCPUs, " + spec.memMB() + " MiB, "
                + use.qemuName() + ", kernel " + spec.release() + ")", -1);
        Set<Integer> reserved = portsOfOtherVms(spec.name());
        long startedAt = System.currentTimeMillis();
        int port;
        long pid;
        try {
            port = launch(spec, image, dir, use, reserved, progress);
            pid = dir.readPidFile().orElseThrow(() -> new VmException("QEMU started but wrote no pid file "
                    + dir.pidFile() + "; QEMU said:\n" + tail(dir.qemuLog(), 15)));
        } catch (RuntimeException e) {
            try {
                killQemu(dir, -1);
                dir.clearRun();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        VmState state = new VmState(spec.name(), spec.release(), spec.cpus(), spec.memMB(), use.qemuName(), pid, port,
                image.dir().toString(), startedAt, null);
        dir.writeState(state);

        AtomicReference<ConsoleEvent> panic = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong kernelAt = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong userlandAt = new java.util.concurrent.atomic.AtomicLong();
        ConsoleListener watch = new ConsoleListener() {
            @Override
            public void onEvent(ConsoleEvent event) {
                if (event.has(ConsoleEvent.Kind.PANIC)) {
                    panic.compareAndSet(null, event);
                }
                progress.log("console: " + event.describe());
                if (listener != null) {
                    listener.onEvent(event);
                }
            }

            @Override
            public void onLine(String line) {
                if (line.contains("Linux version")) {
                    kernelAt.compareAndSet(0, System.currentTimeMillis());
                } else if (line.startsWith("foosched-testbed: boot done")) {
                    userlandAt.compareAndSet(0, System.currentTimeMillis());
                }
                if (listener != null) {
                    listener.onLine(line);
                }
            }
        };
        try (ConsoleWatcher ignored = ConsoleWatcher.start(dir.consoleLog(), watch)) {
            waitForSsh(state, dir, panic, progress);
            progress.step("checking the SSH host key and the kernel of VM " + spec.name(), -1);
            String knownHosts = image.knownHostsLine(port);
            String uname = SshProbe.loginAndRun(port, knownHosts, image.clientKey(), "uname -r", 60_000);
            if (!uname.equals(spec.release())) {
                throw new VmException("VM '" + spec.name() + "' runs kernel " + uname + ", expected " + spec.release()
                        + "; the image in " + image.dir() + " is inconsistent: delete it and start again");
            }
            state = state.withBootMs(System.currentTimeMillis() - startedAt);
            dir.writeState(state);
            registration.register(HostRegistration.hostFor(spec.name(), port, image.clientKey(), knownHosts));
            progress.log(String.format(Locale.ROOT, "VM %s answers SSH on 127.0.0.1:%d (host key verified) after %.1f s"
                            + " (first kernel line at %s, init done at %s)", spec.name(), port, state.bootMs() / 1000.0,
                    since(startedAt, kernelAt.get()), since(startedAt, userlandAt.get())));
            return status(spec.name());
        } catch (RuntimeException e) {
            progress.log("start of VM " + spec.name() + " failed; stopping QEMU (console log: " + dir.consoleLog() + ")");
            try {
                killQemu(dir, pid);
                dir.clearRun();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private Accel resolveAccel(TestbedImage image, Progress progress) {
        if (accel != Accel.AUTO) {
            return accel;
        }
        progress.step("probing KVM (at most " + KvmProbe.DEFAULT_TIMEOUT.toSeconds() + " s)", -1);
        boolean kvm = KvmProbe.kvmBoots(image.kernel(), locations.vmsDir(), KvmProbe.DEFAULT_TIMEOUT);
        progress.log(kvm ? "KVM boots a kernel: using KVM" : "KVM did not boot a kernel in time: using TCG");
        return kvm ? Accel.KVM : Accel.TCG;
    }

    private static void createOverlay(TestbedImage image, VmStateDir dir, Progress progress) {
        List<String> cmd = List.of("qemu-img", "create", "-q", "-f", "qcow2", "-b", image.baseDisk().toString(),
                "-F", "raw", dir.overlay().toString());
        progress.log("$ " + String.join(" ", cmd));
        ProcessOutput out = runQuietly(cmd, Duration.ofSeconds(60));
        if (out.exitCode != 0) {
            throw new VmException("qemu-img could not create the overlay " + dir.overlay() + ": " + out.text.strip());
        }
    }

    /** Starts the daemonized QEMU; retries with another port when QEMU cannot forward the chosen one. */
    private int launch(VmSpec spec, TestbedImage image, VmStateDir dir, Accel use, Set<Integer> reserved,
                       Progress progress) {
        Set<Integer> avoid = new HashSet<>(reserved);
        for (int attempt = 1; ; attempt++) {
            int port = ports.allocate(avoid);
            dir.writeKnownHosts(image.knownHostsLine(port));
            List<String> cmd = QemuCommand.build(spec, image, dir, port, use);
            progress.log("$ " + String.join(" ", cmd));
            ProcessOutput out = runQuietly(cmd, Duration.ofSeconds(60));
            writeQuietly(dir.qemuLog(), out.text);
            if (out.exitCode == 0) {
                return port;
            }
            boolean portTaken = out.text.contains("hostfwd") || out.text.contains("host forwarding");
            if (!portTaken || attempt >= PORT_ATTEMPTS) {
                throw new VmException("QEMU did not start (exit " + out.exitCode + "): " + out.text.strip()
                        + "\n  command: " + String.join(" ", cmd));
            }
            progress.log("port " + port + " was taken meanwhile; trying another");
            avoid.add(port);
        }
    }

    private void waitForSsh(VmState state, VmStateDir dir, AtomicReference<ConsoleEvent> panic, Progress progress) {
        progress.step("waiting for SSH on 127.0.0.1:" + state.sshPort() + " (console: " + dir.consoleLog() + ")", -1);
        long deadline = System.nanoTime() + bootTimeout.toNanos();
        String marker = marker(dir);
        while (true) {
            ConsoleEvent p = panic.get();
            if (p != null) {
                throw new VmException("the kernel of VM '" + state.name() + "' panicked while booting:\n" + p.describe());
            }
            if (!ProcessControl.isRunning(state.pid(), marker)) {
                // the watcher may not have reported yet: read the whole console once more
                List<ConsoleEvent> found = ConsoleScanner.scan(dir.consoleLog());
                ConsoleEvent crash = found.stream().filter(e -> e.has(ConsoleEvent.Kind.PANIC)).findFirst()
                        .orElse(null);
                if (crash != null) {
                    throw new VmException("the kernel of VM '" + state.name() + "' panicked while booting:\n"
                            + crash.describe());
                }
                throw new VmException("QEMU of VM '" + state.name() + "' exited while booting"
                        + (found.isEmpty() ? "; last console lines:\n" + tail(dir.consoleLog(), 15)
                        : ":\n" + found.get(found.size() - 1).describe()) + "\n(QEMU's messages: " + dir.qemuLog() + ")");
            }
            if (SshProbe.bannerAnswers(state.sshPort(), 1500)) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new VmException("VM '" + state.name() + "' did not answer SSH within " + bootTimeout.toSeconds()
                        + " s; last console lines:\n" + tail(dir.consoleLog(), 15)
                        + "\n(more time: FOOSCHED_VM_BOOT_TIMEOUT=seconds)");
            }
            progress.checkCancelled();
            sleep(250);
        }
    }

    // --- stop ------------------------------------------------------------------------------

    /** What a stop found. */
    public record StopResult(String name, boolean killed, boolean hadState) {
    }

    /**
     * Stops a VM: QEMU is ended (SIGTERM, then SIGKILL) and verified gone, also when the guest
     * had crashed; state, pid file and overlay are removed and the inventory entry too. The
     * console log stays.
     */
    public StopResult stop(String name) {
        return stop(name, false);
    }

    /** Like {@link #stop(String)}; with {@code purge} the state directory goes too, console logs included. */
    public StopResult stop(String name, boolean purge) {
        return withLock(name, () -> {
            VmStateDir dir = locations.stateDir(name);
            VmState state = dir.exists() ? dir.readState().orElse(null) : null;
            boolean killed = killQemu(dir, state == null ? -1 : state.pid());
            cleanUp(dir, state);
            if (purge) {
                dir.delete();
            }
            return new StopResult(name, killed, state != null);
        });
    }

    /**
     * Kills a VM's QEMU and clears its run without taking the VM's lock: for a shutdown hook
     * when a start is interrupted (the starting thread still holds the lock).
     */
    public void abortStart(String name) {
        VmStateDir dir = locations.stateDir(name);
        VmState state = dir.exists() ? dir.readState().orElse(null) : null;
        killQemu(dir, state == null ? -1 : state.pid());
        cleanUp(dir, state);
    }

    /** Stops every VM that has state; returns what each stop found. */
    public List<StopResult> stopAll() {
        return stopAll(false);
    }

    public List<StopResult> stopAll(boolean purge) {
        List<StopResult> out = new ArrayList<>();
        for (String name : names()) {
            out.add(stop(name, purge));
        }
        return out;
    }

    private void cleanUp(VmStateDir dir, VmState state) {
        if (state != null) {
            registration.unregister(state.name(), state.sshPort());
        }
        if (dir.exists()) {
            dir.clearRun();
        }
    }

    /** Kills the VM's QEMU: the recorded pid, the pid file's, and any process naming this state dir. */
    private static boolean killQemu(VmStateDir dir, long recordedPid) {
        String marker = marker(dir);
        Set<Long> pids = new HashSet<>();
        if (recordedPid > 0) {
            pids.add(recordedPid);
        }
        dir.readPidFile().ifPresent(pids::add);
        pids.addAll(qemuProcessesWith(marker));
        boolean killed = false;
        for (long pid : pids) {
            killed |= ProcessControl.terminate(pid, marker, STOP_GRACE);
        }
        List<Long> left = qemuProcessesWith(marker);
        if (!left.isEmpty()) {
            throw new VmException("QEMU of " + dir.dir() + " is still running (pids " + left + ") after SIGKILL");
        }
        return killed;
    }

    private static List<Long> qemuProcessesWith(String marker) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.map(ProcessHandle::pid)
                    .filter(pid -> ProcessControl.commandLine(pid)
                            .map(c -> c.startsWith(QemuCommand.QEMU) || c.contains("/" + QemuCommand.QEMU))
                            .orElse(false))
                    .filter(pid -> ProcessControl.isRunning(pid, marker))
                    .toList();
        }
    }

    /** What identifies this VM's QEMU among all processes: its pid file path on the command line. */
    static String marker(VmStateDir dir) {
        return dir.pidFile().toString();
    }

    // --- status ----------------------------------------------------------------------------

    public VmStatus status(String name) {
        VmStateDir dir = locations.stateDir(name);
        VmState state = dir.exists() ? dir.readState().orElse(null) : null;
        List<ConsoleEvent> findings = ConsoleScanner.scan(dir.consoleLog());
        if (state == null) {
            return new VmStatus(name, VmStatus.State.STOPPED, null, dir.consoleLog(), findings);
        }
        boolean running = ProcessControl.isRunning(state.pid(), marker(dir));
        return new VmStatus(name, running ? VmStatus.State.RUNNING : VmStatus.State.EXITED, state, dir.consoleLog(),
                findings);
    }

    /** Names of all VMs with a state directory, sorted. */
    public List<String> names() {
        Path vms = locations.vmsDir();
        if (!Files.isDirectory(vms)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(vms)) {
            return dirs.filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + vms, e);
        }
    }

    public List<VmStatus> statusAll() {
        return names().stream().map(this::status).toList();
    }

    /** The state of a running VM, or an error that says how to start it. */
    public VmState requireRunning(String name) {
        VmStatus s = status(name);
        if (s.state() == VmStatus.State.RUNNING) {
            return s.vm();
        }
        String why = s.state() == VmStatus.State.EXITED
                ? "VM '" + name + "' has exited (QEMU is gone" + (s.findings().isEmpty() ? "" : "; the console shows a "
                + s.findings().get(s.findings().size() - 1).worst().label()) + "); see 'foosched vm status --name "
                + name + "', then 'foosched vm stop --name " + name + "' and start it again"
                : "VM '" + name + "' is not running; start it with 'foosched vm start --name " + name + "'";
        throw new VmException(why);
    }

    /** Watches a VM's console from its start; close the watcher when done. */
    public ConsoleWatcher watchConsole(String name, ConsoleListener listener) {
        return ConsoleWatcher.start(locations.stateDir(name).consoleLog(), listener);
    }

    // --- ssh -------------------------------------------------------------------------------

    /** The system {@code ssh} command for a running VM (interactive when {@code command} is empty). */
    public List<String> sshCommand(String name, List<String> command) {
        VmState s = requireRunning(name);
        TestbedImage image = new TestbedImage(s.release(), Path.of(s.imageDir()));
        return SshCommand.build(s.sshPort(), image.clientKey(), locations.stateDir(name).knownHosts(), command);
    }

    /** Runs {@code command} on a running VM through the system {@code ssh} and collects its output. */
    public CommandResult ssh(String name, List<String> command, Duration timeout) {
        if (command.isEmpty()) {
            throw new IllegalArgumentException("give a command to run; an interactive shell needs sshCommand()");
        }
        List<String> cmd = sshCommand(name, command);
        try {
            Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Collector out = new Collector(p.getInputStream());
            Collector err = new Collector(p.getErrorStream());
            out.start();
            err.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new VmException("'" + String.join(" ", command) + "' on VM '" + name + "' did not finish within "
                        + timeout.toSeconds() + " s");
            }
            out.join();
            err.join();
            return new CommandResult(p.exitValue(), out.text(), err.text());
        } catch (IOException e) {
            throw new VmException("cannot run ssh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while running a command on VM '" + name + "'");
        }
    }

    // --- helpers ---------------------------------------------------------------------------

    private Set<Integer> portsOfOtherVms(String self) {
        Set<Integer> used = new HashSet<>();
        for (String n : names()) {
            if (!n.equals(self)) {
                try {
                    locations.stateDir(n).readState().ifPresent(s -> used.add(s.sshPort()));
                } catch (RuntimeException ignored) {
                    // an unreadable state of another VM does not block this one
                }
            }
        }
        return used;
    }

    private <T> T withLock(String name, Supplier<T> body) {
        VmStateDir dir = locations.stateDir(name);
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(dir.dir().toString(), k -> new ReentrantLock());
        jvm.lock();
        try {
            Files.createDirectories(dir.dir().getParent());
            try (FileChannel ch = FileChannel.open(dir.lockFile(), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    throw new VmException("another foosched process is starting or stopping VM '" + name
                            + "' (lock " + dir.lockFile() + "); wait for it");
                }
                try {
                    return body.get();
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + dir.lockFile(), e);
        } finally {
            jvm.unlock();
        }
    }

    private record ProcessOutput(int exitCode, String text) {
    }

    private static ProcessOutput runQuietly(List<String> cmd, Duration timeout) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            Collector c = new Collector(p.getInputStream());
            c.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new VmException("'" + cmd.get(0) + "' did not finish within " + timeout.toSeconds() + " s");
            }
            c.join();
            return new ProcessOutput(p.exitValue(), c.text());
        } catch (IOException e) {
            throw new VmException("cannot run " + cmd.get(0) + " (" + e.getMessage()
                    + "); install the host packages with .ci/setup-host.sh", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted while running " + cmd.get(0));
        }
    }

    private static void writeQuietly(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException ignored) {
            // only QEMU's diagnostics
        }
    }

    private static String since(long start, long at) {
        return at == 0 ? "?" : String.format(Locale.ROOT, "%.1f s", (at - start) / 1000.0);
    }

    static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "  (no console output)";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            List<String> last = all.subList(Math.max(0, all.size() - lines), all.size());
            return last.isEmpty() ? "  (no console output)" : "  " + String.join("\n  ", last);
        } catch (IOException e) {
            return "  (cannot read " + file + ")";
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VmException("interrupted");
        }
    }

    /** Reads a stream to its end on its own thread. */
    private static final class Collector extends Thread {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

        Collector(InputStream in) {
            this.in = in;
            setDaemon(true);
        }

        @Override
        public void run() {
            try (in) {
                in.transferTo(buf);
            } catch (IOException ignored) {
                // the process went away
            }
        }

        String text() {
            return buf.toString(StandardCharsets.UTF_8);
        }
    }
}
