package org.foosched.views.deploy;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.property.DoubleProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.progress.Progress;
import org.foosched.remote.deploy.DeployException;
import org.foosched.remote.deploy.DeployResult;
import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.HostProbe;
import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.InstalledPackage;
import org.foosched.remote.deploy.PackageFormat;
import org.foosched.remote.deploy.PackageInfo;
import org.foosched.remote.deploy.RollbackResult;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.OutputListener;
import org.foosched.remote.ssh.SshException;
import org.foosched.remote.vm.VmSpec;
import org.foosched.remote.vm.VmStatus;
import org.foosched.views.console.LogModel;
import org.foosched.views.workbench.TaskProgress;
import org.foosched.views.workbench.UserMessages;
import org.foosched.views.workbench.WorkbenchContext;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The deploy panel: the hosts of the inventory with a badge each, adding and removing hosts,
 * trusting a host key only after showing its fingerprint, the test VM, probe and status,
 * deploying the workspace's latest package (or a chosen one) and rolling back, a live kernel
 * log, and the downtime of every deployment from the deploy history. Everything that touches
 * a host, a file or QEMU runs on worker threads; the state here changes on the UI thread only.
 * One operation per host at a time: a second one is refused while the first runs (the dmesg
 * tail is a viewer with its own connection and runs beside them).
 */
public final class DeployViewModel implements AutoCloseable {

    private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final WorkbenchContext ctx;
    private final DeployBackend backend;
    private final ExecutorService workers;
    private final LogModel console;
    private final LogModel dmesg;
    private final ObservableList<HostEntry> hosts = FXCollections.observableArrayList();
    private final ObjectProperty<HostEntry> selected = new SimpleObjectProperty<>();
    private final StringProperty message = new SimpleStringProperty("");
    private final ObjectProperty<TrustPrompt> trustPrompt = new SimpleObjectProperty<>();
    private final ObjectProperty<PackageFormat> format = new SimpleObjectProperty<>(PackageFormat.DEB);
    private final ObjectProperty<Path> chosenPackage = new SimpleObjectProperty<>();
    private final StringProperty packageDescription = new SimpleStringProperty("");
    private final ObjectProperty<DowntimeHistory.Chart> chart = new SimpleObjectProperty<>(DowntimeHistory.Chart.empty(""));
    private final ObservableList<DowntimeHistory.Row> latestMetrics = FXCollections.observableArrayList();
    private List<DeploymentRecord> history = List.of();

    private final BooleanProperty following = new SimpleBooleanProperty(false);
    private final StringProperty followingHost = new SimpleStringProperty("");
    private volatile FollowFlag followFlag;

    private final StringProperty vmName = new SimpleStringProperty(VmSpec.DEFAULT_NAME);
    private final IntegerProperty vmCpus = new SimpleIntegerProperty(VmSpec.DEFAULT_CPUS);
    private final IntegerProperty vmMemMb = new SimpleIntegerProperty(VmSpec.DEFAULT_MEM_MB);
    private final BooleanProperty vmBusy = new SimpleBooleanProperty(false);
    private final BooleanProperty vmCancellable = new SimpleBooleanProperty(false);
    private final BooleanProperty vmRunning = new SimpleBooleanProperty(false);
    private final StringProperty vmState = new SimpleStringProperty("");
    private final TaskProgress vmProgress;

    // the selected host's state, for controls that show "the selected host"
    private final StringProperty selectedBusy = new SimpleStringProperty("");
    private final BooleanProperty selectedCancellable = new SimpleBooleanProperty(false);
    private final StringProperty selectedResult = new SimpleStringProperty("");
    private final ObjectProperty<HostBadge> selectedBadge = new SimpleObjectProperty<>();
    private final StringProperty selectedStep = new SimpleStringProperty("");
    private final DoubleProperty selectedFraction = new SimpleDoubleProperty(0);
    private final ObservableList<InfoRow> selectedProbe = FXCollections.observableArrayList();
    private final ObservableList<InfoRow> selectedStatus = FXCollections.observableArrayList();

    private boolean activated;

    public DeployViewModel(WorkbenchContext ctx) {
        this(ctx, RemoteDeployBackend.fromEnvironment(),
                Executors.newCachedThreadPool(WorkbenchContext.daemon("foosched-deploy")));
    }

    public DeployViewModel(WorkbenchContext ctx, DeployBackend backend, ExecutorService workers) {
        this.ctx = ctx;
        this.backend = backend;
        this.workers = workers;
        this.console = new LogModel(ctx.ui());
        this.dmesg = new LogModel(ctx.ui());
        this.vmProgress = new TaskProgress(ctx.ui(), line -> log("vm " + vmName.get(), line));
        selected.addListener((o, was, now) -> selectionChanged(was, now));
        format.addListener((o, a, b) -> refreshPackage());
        chosenPackage.addListener((o, a, b) -> refreshPackage());
        ctx.sessionProperty().addListener((o, a, b) -> refreshPackage());
    }

    // --- loading -----------------------------------------------------------------------------

    /**
     * The first time the panel is shown: the hosts, the package, the history, the test VM's
     * state, and then every host's status (each in the background; unreachable hosts say so).
     */
    public void activate() {
        if (activated) {
            return;
        }
        activated = true;
        refreshPackage();
        refreshHistory();
        refreshVmState();
        reloadHosts(null, true);
    }

    /** Re-reads the inventory (hosts added by the CLI or a VM start appear). */
    public void reloadHosts() {
        reloadHosts(null, false);
    }

    private void reloadHosts(String select, boolean thenStatus) {
        background(backend::hosts, hs -> {
            merge(hs, select);
            if (thenStatus) {
                refreshAll();
            }
        }, e -> message.set("cannot read the host inventory: " + UserMessages.of(e)));
    }

    private void merge(List<Host> inventory, String select) {
        List<HostEntry> next = new ArrayList<>();
        for (Host h : inventory) {
            HostEntry e = find(h.name()).orElseGet(() -> newEntry(h));
            e.hostProperty().set(h);
            next.add(e);
        }
        for (HostEntry e : hosts) {
            if (e.isBusy() && next.stream().noneMatch(n -> n.name().equals(e.name()))) {
                next.add(e); // gone from the inventory meanwhile: shown until its operation ends
            }
        }
        HostEntry keep = select != null ? next.stream().filter(e -> e.name().equals(select)).findFirst().orElse(null)
                : selected.get() != null && next.contains(selected.get()) ? selected.get() : null;
        hosts.setAll(next);
        selected.set(keep != null ? keep : next.isEmpty() ? null : next.get(0));
    }

    private HostEntry newEntry(Host h) {
        String name = h.name();
        return new HostEntry(h, new TaskProgress(ctx.ui(), line -> log(name, line)));
    }

    public Optional<HostEntry> find(String name) {
        return hosts.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    // --- hosts -------------------------------------------------------------------------------

    /**
     * Adds (or updates) a host. Returns what is wrong with the fields, or {@code null} when the
     * host is being saved (the result arrives in {@link #messageProperty()}).
     *
     * @param identityFile the private key file; ignored with {@code useAgent}
     */
    public String addHost(String name, String address, String port, String user, String identityFile,
                          boolean useAgent) {
        String n = name == null ? "" : name.strip();
        if (!HOST_NAME.matcher(n).matches()) {
            return "name: give 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit";
        }
        if (address == null || address.isBlank()) {
            return "address: give the host name or IP address sshd listens on";
        }
        int p;
        try {
            p = Integer.parseInt(port == null || port.isBlank() ? "22" : port.strip());
        } catch (NumberFormatException e) {
            return "port: '" + port + "' is not a number";
        }
        if (p < 1 || p > 65535) {
            return "port: " + p + " is not a TCP port (1–65535)";
        }
        String identity = useAgent ? null : identityFile == null ? "" : identityFile.strip();
        if (!useAgent && identity.isEmpty()) {
            return "identity file: choose the private key (without a passphrase), or use the SSH agent";
        }
        if (find(n).map(HostEntry::isBusy).orElse(false)) {
            return "host " + n + " is busy: " + find(n).get().busyProperty().get() + "; change it when that is done";
        }
        Host host = new Host(n, address.strip(), p, user == null || user.isBlank() ? "root" : user.strip(), identity,
                null, List.of());
        background(() -> {
            if (host.identityFile() != null && !Files.isReadable(expandHome(host.identityFile()))) {
                throw new IllegalArgumentException("identity file " + host.identityFile() + " does not exist or is not "
                        + "readable; choose the private key file");
            }
            return backend.saveHost(host);
        }, saved -> {
            message.set("host " + saved.name() + " (" + saved.address() + ":" + saved.port() + ") saved"
                    + (saved.knownHosts() == null ? "; check its key with Trust key… before anything connects" : ""));
            log(saved.name(), message.get());
            find(saved.name()).ifPresent(e -> e.badgeProperty().set(HostBadge.unknown()));
            reloadHosts(saved.name(), false);
        }, e -> message.set("host " + n + " not saved: " + UserMessages.of(e)));
        return null;
    }

    /** Removes the selected host from the inventory (not while an operation runs on it). */
    public boolean removeSelected() {
        HostEntry e = selected.get();
        if (e == null || refuseBusy(e)) {
            return false;
        }
        String name = e.name();
        background(() -> {
            backend.removeHost(name);
            return name;
        }, n -> {
            message.set("host " + n + " removed from the inventory");
            log(n, message.get());
            if (followingHost.get().equals(n)) {
                stopFollowing();
            }
            hosts.remove(e);
            reloadHosts();
        }, x -> message.set("host " + name + " not removed: " + UserMessages.of(x)));
        return true;
    }

    // --- trust -------------------------------------------------------------------------------

    /** Connects to the selected host (handshake only) and asks whether to trust the key it presents. */
    public boolean examineKey() {
        HostEntry e = selected.get();
        if (e == null) {
            return false;
        }
        trustPrompt.set(null);
        return operate(e, "checking the host key", null, p -> backend.examineKey(backend.host(e.name())), false, false,
                (entry, o) -> {
                    if (o.failure() != null) {
                        entry.resultProperty().set("cannot check the host key: " + UserMessages.of(o.failure()));
                        entry.badgeProperty().set(HostBadge.of(o.failure()));
                        return;
                    }
                    TrustPrompt prompt = new TrustPrompt(o.value());
                    log(entry.name(), prompt.question());
                    if (prompt.alreadyTrusted()) {
                        entry.resultProperty().set("the key " + prompt.keyType() + " " + prompt.fingerprint()
                                + " is trusted already");
                    } else {
                        entry.resultProperty().set((prompt.changed() ? "the host key CHANGED: " : "the host key is not trusted yet: ")
                                + prompt.fingerprint() + " — answer the question above");
                        trustPrompt.set(prompt);
                    }
                });
    }

    /** Records the key of the pending question (the one whose fingerprint was shown), then reads the status. */
    public boolean confirmTrust() {
        TrustPrompt prompt = trustPrompt.get();
        if (prompt == null || prompt.alreadyTrusted()) {
            return false;
        }
        HostEntry e = find(prompt.host()).orElse(null);
        if (e == null) {
            trustPrompt.set(null);
            return false;
        }
        trustPrompt.set(null);
        return operate(e, "recording the host key", null, p -> backend.trustKey(prompt.examination(), prompt.changed()),
                true, false, (entry, o) -> {
                    if (o.failure() != null) {
                        entry.resultProperty().set("the key was not recorded: " + UserMessages.of(o.failure()));
                        return;
                    }
                    entry.hostProperty().set(o.value());
                    entry.resultProperty().set("trusted " + prompt.keyType() + " " + prompt.fingerprint() + " for host "
                            + entry.name() + (prompt.changed() ? " (replacing the recorded key)" : ""));
                    log(entry.name(), entry.resultProperty().get());
                });
    }

    /** Declines the pending question: nothing is recorded, connections stay refused. */
    public void rejectTrust() {
        TrustPrompt prompt = trustPrompt.get();
        if (prompt == null) {
            return;
        }
        trustPrompt.set(null);
        find(prompt.host()).ifPresent(e -> {
            e.resultProperty().set("not trusted: " + prompt.keyType() + " " + prompt.fingerprint()
                    + " was not recorded, so connections to " + e.name() + " stay refused");
            log(e.name(), e.resultProperty().get());
        });
    }

    // --- probe and status --------------------------------------------------------------------

    public boolean probe() {
        HostEntry e = selected.get();
        if (e == null) {
            return false;
        }
        return operate(e, "probing", null, p -> backend.probe(backend.host(e.name())), true, false, (entry, o) -> {
            if (o.failure() != null) {
                entry.showProbe(null);
                entry.resultProperty().set("probe failed: " + UserMessages.of(o.failure()));
                return;
            }
            HostProbe pr = o.value();
            entry.showProbe(pr);
            entry.resultProperty().set(String.format(Locale.ROOT, "probed %s at %s: Linux %s, %d CPUs, %d threads%s",
                    entry.name(), now(), pr.release(), pr.cpus(), pr.threads(),
                    entry.probeRows().stream().anyMatch(InfoRow::warning) ? "; see the marked rows" : ""));
        });
    }

    /** Reads the selected host's status. */
    public boolean refreshStatus() {
        HostEntry e = selected.get();
        return e != null && refreshStatus(e);
    }

    /** Reads every idle host's status, each on its own worker. */
    public void refreshAll() {
        for (HostEntry e : List.copyOf(hosts)) {
            if (!e.isBusy()) {
                refreshStatus(e);
            }
        }
    }

    private boolean refreshStatus(HostEntry e) {
        return operate(e, "reading status", null, p -> null, true, false, (entry, o) -> {
            HostStatus s = entry.statusProperty().get();
            entry.resultProperty().set(s != null ? "status read at " + now() + ": " + entry.badge().label()
                    : "status unavailable: " + entry.badge().detail());
        });
    }

    // --- deploy and rollback -----------------------------------------------------------------

    public PackageChoice packageChoice() {
        WorkspaceSession s = ctx.session();
        return new PackageChoice(s == null ? null : s.workspace().working().resolve("packages"), format.get(),
                chosenPackage.get());
    }

    /** Re-reads which package a deploy would take (after a build, say). */
    public void refreshPackage() {
        PackageChoice c = packageChoice();
        background(c::describe, packageDescription::set, e -> packageDescription.set(UserMessages.of(e)));
    }

    /**
     * Deploys the chosen package to the selected host ({@code foosched deploy}); refusals are
     * reported in the panel. Cancel works while the package uploads. The status and the
     * history are read again afterwards, however it ended.
     */
    public boolean deploy() {
        HostEntry e = selected.get();
        if (e == null) {
            message.set("select a host to deploy to");
            return false;
        }
        PackageChoice choice = packageChoice();
        return operate(e, "deploying", Window.DEPLOY, p -> {
            Path file = choice.resolve();
            PackageInfo pkg = backend.inspect(file);
            p.log(pkg.format() + " package " + pkg.describe() + ", module " + pkg.module() + ", for Linux "
                    + pkg.targetRelease() + ": " + file);
            return backend.deploy(pkg, backend.host(e.name()), p);
        }, true, true, (entry, o) -> {
            if (o.failure() != null) {
                entry.resultProperty().set(failure("deploy", o.failure()));
                return;
            }
            DeployResult r = o.value();
            entry.resultProperty().set((r.outcome().equals("installed") ? "deployed " : "already installed (nothing changed): ")
                    + r.packageName() + " " + r.packageVersion() + " on " + r.host() + " (Linux " + r.hostRelease()
                    + ") in " + seconds(r.elapsedMs()) + "; module " + r.module() + " enabled"
                    + (r.metrics() == null ? "; it printed no load metrics" : "; load: " + HostFacts.metrics(r.metrics()))
                    + (o.cancelTooLate() ? " (Cancel came after the install had started on the host; it ran to its end)" : ""));
        });
    }

    /** Removes the foosched package from the selected host ({@code foosched rollback}). */
    public boolean rollback() {
        HostEntry e = selected.get();
        if (e == null) {
            message.set("select a host to roll back");
            return false;
        }
        return operate(e, "rolling back", Window.NEVER, p -> backend.rollback(backend.host(e.name()), p), true, true,
                (entry, o) -> {
                    if (o.failure() != null) {
                        entry.resultProperty().set(failure("rollback", o.failure()));
                        return;
                    }
                    RollbackResult r = o.value();
                    if (r.removed().isEmpty()) {
                        entry.resultProperty().set("nothing to roll back on " + r.host() + ": no foosched package is installed");
                        return;
                    }
                    entry.resultProperty().set("rolled back " + r.host() + ": removed " + r.removed().stream()
                            .map(p -> p.name() + " " + p.version()).collect(Collectors.joining(", "))
                            + " in " + seconds(r.elapsedMs()) + "; module gone"
                            + (r.metrics() == null ? "; it printed no unload metrics" : "; unload: " + HostFacts.metrics(r.metrics())));
                });
    }

    /** Stops the selected host's operation, when that is still safe (see {@link CancelWindow}). */
    public boolean cancel() {
        HostEntry e = selected.get();
        if (e == null || !e.isBusy() || !e.cancellableProperty().get()) {
            return false;
        }
        e.progress().cancel();
        log(e.name(), "cancel requested");
        return true;
    }

    // --- kernel log --------------------------------------------------------------------------

    /** Streams the selected host's kernel log ({@code dmesg --follow}) into {@link #dmesgLines()}. */
    public boolean follow() {
        HostEntry e = selected.get();
        if (e == null || following.get()) {
            return false;
        }
        FollowFlag flag = new FollowFlag();
        followFlag = flag;
        String name = e.name();
        following.set(true);
        followingHost.set(name);
        dmesg.clear();
        workers.submit(() -> {
            String end;
            try {
                backend.followKernelLog(backend.host(name), (stream, line) -> {
                    if (followFlag == flag) {
                        dmesg.append(stream == OutputListener.Stream.STDERR ? "stderr: " + line : line);
                    }
                }, flag);
                end = "— dmesg --follow on " + name + " ended";
            } catch (Throwable t) {
                end = flag.isCancelled() ? "— stopped following " + name
                        : "— following " + name + " ended: " + UserMessages.of(t);
            }
            String last = end;
            dmesg.append(last);
            ctx.ui().execute(() -> {
                if (followFlag == flag) {
                    following.set(false);
                    followFlag = null;
                }
            });
        });
        return true;
    }

    public void stopFollowing() {
        FollowFlag f = followFlag;
        if (f != null) {
            f.cancel();
        }
    }

    // --- the test VM -------------------------------------------------------------------------

    /** Boots the test VM ({@code foosched vm start}); it joins the host list when SSH answers. */
    public boolean startTestVm() {
        String name = vmName.get();
        if (vmBusy.get()) {
            message.set("the test VM " + name + " is busy: " + vmState.get());
            return false;
        }
        if (find(name).map(this::refuseBusy).orElse(false)) {
            return false;
        }
        VmSpec spec;
        try {
            // checks name, vCPUs and memory now; the release is resolved on the worker (the newest kit)
            spec = new VmSpec(name, "unresolved", vmCpus.get(), vmMemMb.get());
        } catch (IllegalArgumentException ex) {
            message.set(ex.getMessage());
            return false;
        }
        vmBusy.set(true);
        vmProgress.reset();
        vmProgress.runningProperty().set(true);
        vmState.set("starting " + name + " (" + spec.cpus() + " vCPUs, " + spec.memMB() + " MiB)…");
        Progress p = CancelWindow.always(vmProgress, c -> ctx.ui().execute(() -> vmCancellable.set(c)));
        long t0 = System.nanoTime();
        workers.submit(() -> {
            VmStatus st = null;
            Throwable failure = null;
            List<Host> inventory = null;
            try {
                String release = backend.testVmRelease();
                st = backend.startVm(new VmSpec(name, release, spec.cpus(), spec.memMB()), p);
                inventory = backend.hosts();
            } catch (Throwable t) {
                failure = t;
                logFailure("vm " + name, t);
            }
            VmStatus started = st;
            Throwable f = failure;
            List<Host> inv = inventory;
            ctx.ui().execute(() -> {
                vmBusy.set(false);
                vmCancellable.set(false);
                vmProgress.runningProperty().set(false);
                if (f != null) {
                    vmRunning.set(false);
                    vmState.set((f instanceof Progress.CancelledException ? "start of " + name + " cancelled"
                            : "start of " + name + " failed: ") + (f instanceof Progress.CancelledException ? ""
                            : UserMessages.of(f)));
                    return;
                }
                vmRunning.set(started.running());
                vmState.set(vmSummary(started) + String.format(Locale.ROOT, " (started in %.0f s)",
                        (System.nanoTime() - t0) / 1e9));
                vmProgress.fractionProperty().set(1);
                merge(inv, name);
                find(name).ifPresent(this::refreshStatus);
            });
        });
        return true;
    }

    /** Stops the test VM ({@code foosched vm stop}); it leaves the host list. */
    public boolean stopTestVm() {
        String name = vmName.get();
        if (vmBusy.get()) {
            message.set("the test VM " + name + " is busy: " + vmState.get());
            return false;
        }
        if (find(name).map(this::refuseBusy).orElse(false)) {
            return false;
        }
        vmBusy.set(true);
        vmState.set("stopping " + name + "…");
        if (followingHost.get().equals(name)) {
            stopFollowing();
        }
        background(() -> {
            backend.stopVm(name);
            return backend.hosts();
        }, inv -> {
            vmBusy.set(false);
            vmRunning.set(false);
            vmState.set(name + ": stopped");
            find(name).ifPresent(hosts::remove);
            merge(inv, null);
        }, e -> {
            vmBusy.set(false);
            vmState.set("stop of " + name + " failed: " + UserMessages.of(e));
        });
        return true;
    }

    /** Reads whether the test VM runs. */
    public void refreshVmState() {
        String name = vmName.get();
        background(() -> backend.vmStatus(name), st -> {
            if (!vmBusy.get()) {
                vmRunning.set(st.running());
                vmState.set(vmSummary(st));
            }
        }, e -> vmState.set(name + ": " + UserMessages.of(e)));
    }

    private static String vmSummary(VmStatus st) {
        if (st.vm() == null || !st.running()) {
            return st.name() + ": " + st.state().name().toLowerCase(Locale.ROOT)
                    + (st.findings().isEmpty() ? "" : " (" + st.findings().size() + " kernel failures on its console)");
        }
        return String.format(Locale.ROOT, "%s: running, Linux %s, %d vCPUs, %d MiB, %s, ssh 127.0.0.1:%d%s", st.name(),
                st.vm().release(), st.vm().cpus(), st.vm().memMB(), st.vm().accel(), st.vm().sshPort(),
                st.vm().bootMs() == null ? "" : String.format(Locale.ROOT, ", booted to SSH in %.1f s", st.vm().bootMs() / 1000.0));
    }

    // --- history -----------------------------------------------------------------------------

    /** Re-reads the deploy history; the chart shows the selected host's part of it. */
    public void refreshHistory() {
        background(backend::history, h -> {
            history = List.copyOf(h);
            updateChart();
        }, e -> message.set("cannot read the deploy history: " + UserMessages.of(e)));
    }

    private void updateChart() {
        HostEntry e = selected.get();
        DowntimeHistory.Chart c = e == null ? DowntimeHistory.Chart.empty("") : DowntimeHistory.chart(history, e.name());
        chart.set(c);
        latestMetrics.setAll(DowntimeHistory.latest(c));
    }

    // --- running operations ------------------------------------------------------------------

    /** When cancel is allowed during an operation. */
    private enum Window { DEPLOY, NEVER }

    @FunctionalInterface
    private interface Work<T> {
        T run(Progress progress) throws Exception;
    }

    /**
     * How an operation ended, and what was read afterwards.
     *
     * @param value         its result, when it succeeded
     * @param failure       why it failed, else {@code null}
     * @param cancelTooLate a cancel was asked for after it could no longer stop anything
     */
    private record Outcome<T>(T value, Throwable failure, boolean cancelTooLate) {
    }

    @FunctionalInterface
    private interface Done<T> {
        void accept(HostEntry entry, Outcome<T> outcome);
    }

    private boolean refuseBusy(HostEntry e) {
        String busy = e.isBusy() ? e.busyProperty().get()
                : vmBusy.get() && vmName.get().equals(e.name()) ? vmState.get() : null;
        if (busy == null) {
            return false;
        }
        message.set("host " + e.name() + " is busy (" + busy + "); one operation per host at a time");
        return true;
    }

    /**
     * Runs one operation on a host: refused while another runs there; the work on a worker;
     * then (with {@code statusAfter}) the host's status and (with {@code historyAfter}) the
     * history are read again, however the work ended, so the panel shows what is true now.
     */
    private <T> boolean operate(HostEntry e, String what, Window window, Work<T> work, boolean statusAfter,
                                boolean historyAfter, Done<T> done) {
        if (refuseBusy(e)) {
            return false;
        }
        message.set("");
        e.busyProperty().set(what);
        e.progress().reset();
        e.progress().runningProperty().set(true);
        e.resultProperty().set(what + "…");
        Consumer<Boolean> cancellable = c -> ctx.ui().execute(() -> e.cancellableProperty().set(c && e.isBusy()));
        CancelWindow p = window == Window.DEPLOY ? CancelWindow.forDeploy(e.progress(), cancellable)
                : CancelWindow.never(e.progress(), cancellable);
        String name = e.name();
        workers.submit(() -> {
            T value = null;
            Throwable failure = null;
            try {
                value = work.run(p);
            } catch (Throwable t) {
                failure = t;
                logFailure(name, t);
            }
            HostStatus status = null;
            Throwable statusFailure = null;
            if (statusAfter) {
                try {
                    status = backend.status(backend.host(name));
                } catch (Throwable t) {
                    statusFailure = t;
                    log(name, "status: " + UserMessages.of(t));
                }
            }
            List<DeploymentRecord> h = null;
            if (historyAfter) {
                try {
                    h = backend.history();
                } catch (Throwable t) {
                    log(name, "history: " + UserMessages.of(t));
                }
            }
            Outcome<T> outcome = new Outcome<>(value, failure, p.cancelCameTooLate());
            HostStatus st = status;
            Throwable sf = statusFailure;
            List<DeploymentRecord> hist = h;
            ctx.ui().execute(() -> {
                e.busyProperty().set("");
                e.cancellableProperty().set(false);
                e.progress().runningProperty().set(false);
                if (outcome.failure() == null) {
                    e.progress().fractionProperty().set(1);
                }
                if (statusAfter) {
                    if (sf == null) {
                        e.showStatus(st);
                    } else {
                        e.statusFailed(sf);
                    }
                }
                if (hist != null) {
                    history = List.copyOf(hist);
                    updateChart();
                }
                done.accept(e, outcome);
                log(name, e.resultProperty().get());
            });
        });
        return true;
    }

    /** "deploy refused: …", "deploy failed: …" or "deploy cancelled: …". */
    static String failure(String action, Throwable t) {
        String msg = UserMessages.of(t);
        if (t instanceof Progress.CancelledException
                || t instanceof SshException s && s.reason() == SshException.Reason.CANCELLED) {
            return action + " cancelled: " + msg;
        }
        boolean refused = t instanceof IllegalArgumentException
                || t instanceof DeployException d && switch (d.reason()) {
                    case RELEASE_MISMATCH, CONFLICT, BAD_PACKAGE, HOST_UNSUPPORTED -> true;
                    default -> false;
                }
                || t instanceof SshException s && switch (s.reason()) {
                    case HOST_KEY_UNKNOWN, HOST_KEY_CHANGED, AUTH_FAILED, CONFIGURATION -> true;
                    default -> false;
                };
        return action + (refused ? " refused: " : " failed: ") + msg;
    }

    private <T> void background(Callable<T> work, Consumer<T> ok, Consumer<Throwable> failed) {
        workers.submit(() -> {
            try {
                T r = work.call();
                ctx.ui().execute(() -> ok.accept(r));
            } catch (Throwable t) {
                logFailure("deploy", t);
                ctx.ui().execute(() -> failed.accept(t));
            }
        });
    }

    private void logFailure(String who, Throwable t) {
        log(who, "error: " + UserMessages.of(t));
        if (!UserMessages.isExpected(t)) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            sw.toString().lines().forEach(ctx.log()::append);
        }
    }

    private void log(String who, String line) {
        String l = line.startsWith(who + "| ") ? line : who + ": " + line;
        console.append(l);
        ctx.log().append(l);
    }

    private void selectionChanged(HostEntry was, HostEntry now) {
        if (was != null) {
            selectedBusy.unbind();
            selectedCancellable.unbind();
            selectedResult.unbind();
            selectedBadge.unbind();
            selectedStep.unbind();
            selectedFraction.unbind();
            Bindings.unbindContent(selectedProbe, was.probeRows());
            Bindings.unbindContent(selectedStatus, was.statusRows());
        }
        if (now == null) {
            selectedBusy.set("");
            selectedCancellable.set(false);
            selectedResult.set("");
            selectedBadge.set(null);
            selectedStep.set("");
            selectedFraction.set(0);
            selectedProbe.clear();
            selectedStatus.clear();
        } else {
            selectedBusy.bind(now.busyProperty());
            selectedCancellable.bind(now.cancellableProperty());
            selectedResult.bind(now.resultProperty());
            selectedBadge.bind(now.badgeProperty());
            selectedStep.bind(now.progress().stepProperty());
            selectedFraction.bind(now.progress().fractionProperty());
            Bindings.bindContent(selectedProbe, now.probeRows());
            Bindings.bindContent(selectedStatus, now.statusRows());
        }
        TrustPrompt prompt = trustPrompt.get();
        if (prompt != null && (now == null || !now.name().equals(prompt.host()))) {
            trustPrompt.set(null);
        }
        if (following.get() && (now == null || !now.name().equals(followingHost.get()))) {
            stopFollowing();
        }
        updateChart();
    }

    private static Path expandHome(String file) {
        if (file.equals("~") || file.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + file.substring(1));
        }
        return Path.of(file);
    }

    private static String now() {
        return LocalTime.now().format(CLOCK);
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    /** A cancel flag for the dmesg tail. */
    private static final class FollowFlag implements Progress {
        private final AtomicBoolean cancelled = new AtomicBoolean();

        void cancel() {
            cancelled.set(true);
        }

        @Override
        public void step(String what, double fraction) {
        }

        @Override
        public void log(String line) {
        }

        @Override
        public boolean isCancelled() {
            return cancelled.get();
        }
    }

    @Override
    public void close() {
        stopFollowing();
        workers.shutdownNow();
    }

    // --- properties --------------------------------------------------------------------------

    public ObservableList<HostEntry> hosts() {
        return hosts;
    }

    public ObjectProperty<HostEntry> selectedProperty() {
        return selected;
    }

    /** Panel-wide messages: a refused second operation, an unreadable inventory, a saved host. */
    public StringProperty messageProperty() {
        return message;
    }

    /** The pending "trust this key?" question, or {@code null}. */
    public ObjectProperty<TrustPrompt> trustPromptProperty() {
        return trustPrompt;
    }

    public ObjectProperty<PackageFormat> formatProperty() {
        return format;
    }

    /** A package file chosen by hand; {@code null}: the workspace's latest of {@link #formatProperty()}. */
    public ObjectProperty<Path> chosenPackageProperty() {
        return chosenPackage;
    }

    public StringProperty packageDescriptionProperty() {
        return packageDescription;
    }

    public ObjectProperty<DowntimeHistory.Chart> chartProperty() {
        return chart;
    }

    public ObservableList<DowntimeHistory.Row> latestMetrics() {
        return latestMetrics;
    }

    /** The panel's operation log (also in the workbench's log). */
    public ObservableList<String> console() {
        return console.lines();
    }

    public ObservableList<String> dmesgLines() {
        return dmesg.lines();
    }

    public BooleanProperty followingProperty() {
        return following;
    }

    public StringProperty followingHostProperty() {
        return followingHost;
    }

    public StringProperty vmNameProperty() {
        return vmName;
    }

    public IntegerProperty vmCpusProperty() {
        return vmCpus;
    }

    public IntegerProperty vmMemMbProperty() {
        return vmMemMb;
    }

    public BooleanProperty vmBusyProperty() {
        return vmBusy;
    }

    public BooleanProperty vmCancellableProperty() {
        return vmCancellable;
    }

    public BooleanProperty vmRunningProperty() {
        return vmRunning;
    }

    public StringProperty vmStateProperty() {
        return vmState;
    }

    public TaskProgress vmProgress() {
        return vmProgress;
    }

    /** Stops a VM start (QEMU is stopped again). */
    public boolean cancelVmStart() {
        if (!vmBusy.get() || !vmCancellable.get()) {
            return false;
        }
        vmProgress.cancel();
        return true;
    }

    public StringProperty selectedBusyProperty() {
        return selectedBusy;
    }

    public BooleanProperty selectedCancellableProperty() {
        return selectedCancellable;
    }

    public StringProperty selectedResultProperty() {
        return selectedResult;
    }

    public ObjectProperty<HostBadge> selectedBadgeProperty() {
        return selectedBadge;
    }

    public StringProperty selectedStepProperty() {
        return selectedStep;
    }

    public DoubleProperty selectedFractionProperty() {
        return selectedFraction;
    }

    public ObservableList<InfoRow> selectedProbeRows() {
        return selectedProbe;
    }

    public ObservableList<InfoRow> selectedStatusRows() {
        return selectedStatus;
    }

    public WorkbenchContext context() {
        return ctx;
    }
}
