package org.foosched.views.deploy;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.progress.Progress;
import org.foosched.remote.deploy.DeployException;
import org.foosched.remote.deploy.DeployResult;
import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.HostProbe;
import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.PackageFormat;
import org.foosched.remote.deploy.PackageInfo;
import org.foosched.remote.deploy.RollbackResult;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.SshException;
import org.foosched.views.workbench.TaskProgress;
import org.foosched.views.workbench.UserMessages;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

/**
 * The deploy panel: the hosts of the inventory with a badge each, adding and removing hosts,
 * trusting a host key only after showing its fingerprint, the test VM, probe and status,
 * deploying the workspace's latest package (or a chosen one) and rolling back, a live kernel
 * log, and the downtime of every deployment from the deploy history. Everything that touches
 * a host, a file or QEMU runs on worker threads; the state here changes on the UI thread only.
 * One operation per host at a time ({@link HostOperations}): a second one is refused while the
 * first runs. The test VM ({@link TestVmViewModel}) and the kernel log ({@link KernelLogViewModel},
 * a viewer with its own connection that runs beside the operations) are parts of their own.
 */
public final class DeployViewModel implements AutoCloseable {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final WorkbenchContext ctx;
    private final DeployBackend backend;
    private final DeployWorkers workers;
    private final HostOperations operations;
    private final KernelLogViewModel kernelLog;
    private final TestVmViewModel testVm;
    private final SelectedHost selectedHost = new SelectedHost();
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
    private boolean activated;

    public DeployViewModel(WorkbenchContext ctx) {
        this(ctx, RemoteDeployBackend.fromEnvironment(),
                Executors.newCachedThreadPool(WorkbenchContext.daemon("foosched-deploy")));
    }

    public DeployViewModel(WorkbenchContext ctx, DeployBackend backend, ExecutorService workers) {
        this.ctx = ctx;
        this.backend = backend;
        this.workers = new DeployWorkers(ctx, workers);
        this.kernelLog = new KernelLogViewModel(backend, this.workers);
        this.testVm = new TestVmViewModel(backend, this.workers, new VmHosts());
        this.operations = new HostOperations(backend, this.workers, this::busyWith, message::set, h -> {
            history = List.copyOf(h);
            updateChart();
        });
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
        testVm.refresh();
        reloadHosts(null, true);
    }

    /** Re-reads the inventory (hosts added by the CLI or a VM start appear). */
    public void reloadHosts() {
        reloadHosts(null, false);
    }

    private void reloadHosts(String select, boolean thenStatus) {
        workers.background(backend::hosts, hs -> {
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
        return new HostEntry(h, new TaskProgress(ctx.ui(), line -> workers.log(name, line)));
    }

    public Optional<HostEntry> find(String name) {
        return hosts.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** Why {@code e} cannot take an operation now: one runs on it, or it is the VM starting or stopping. */
    private String busyWith(HostEntry e) {
        return e.isBusy() ? e.busyProperty().get() : testVm.busyWith(e.name());
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
        HostForm.Checked checked = HostForm.check(name, address, port, user, identityFile, useAgent);
        if (checked.problem() != null) {
            return checked.problem();
        }
        Host host = checked.host();
        String busy = find(host.name()).map(this::busyWith).orElse(null);
        if (busy != null) {
            return "host " + host.name() + " is busy: " + busy + "; change it when that is done";
        }
        workers.background(() -> {
            if (host.identityFile() != null && !Files.isReadable(expandHome(host.identityFile()))) {
                throw new IllegalArgumentException("identity file " + host.identityFile() + " does not exist or is not "
                        + "readable; choose the private key file");
            }
            return backend.saveHost(host);
        }, saved -> {
            message.set("host " + saved.name() + " (" + saved.address() + ":" + saved.port() + ") saved"
                    + (saved.knownHosts() == null ? "; check its key with Trust key… before anything connects" : ""));
            workers.log(saved.name(), message.get());
            find(saved.name()).ifPresent(e -> e.badgeProperty().set(HostBadge.unknown()));
            reloadHosts(saved.name(), false);
        }, e -> message.set("host " + host.name() + " not saved: " + UserMessages.of(e)));
        return null;
    }

    /** Removes the selected host from the inventory (not while an operation runs on it). */
    public boolean removeSelected() {
        HostEntry e = selected.get();
        if (e == null || operations.refuseBusy(e)) {
            return false;
        }
        String name = e.name();
        workers.background(() -> {
            backend.removeHost(name);
            return name;
        }, n -> {
            message.set("host " + n + " removed from the inventory");
            workers.log(n, message.get());
            kernelLog.stopIfFollowing(n);
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
        return operations.run(e, "checking the host key", HostOperations.Window.NEVER,
                p -> backend.examineKey(backend.host(e.name())), HostOperations.After.NOTHING, (entry, o) -> {
                    if (o.failure() != null) {
                        entry.resultProperty().set("cannot check the host key: " + UserMessages.of(o.failure()));
                        entry.badgeProperty().set(HostBadge.of(o.failure()));
                        return;
                    }
                    TrustPrompt prompt = new TrustPrompt(o.value());
                    workers.log(entry.name(), prompt.question());
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
        trustPrompt.set(null);
        if (e == null) {
            return false;
        }
        return operations.run(e, "recording the host key", HostOperations.Window.NEVER,
                p -> backend.trustKey(prompt.examination(), prompt.changed()), HostOperations.After.STATUS, (entry, o) -> {
                    if (o.failure() != null) {
                        entry.resultProperty().set("the key was not recorded: " + UserMessages.of(o.failure()));
                        return;
                    }
                    entry.hostProperty().set(o.value());
                    entry.resultProperty().set("trusted " + prompt.keyType() + " " + prompt.fingerprint() + " for host "
                            + entry.name() + (prompt.changed() ? " (replacing the recorded key)" : ""));
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
            workers.log(e.name(), e.resultProperty().get());
        });
    }

    // --- probe and status --------------------------------------------------------------------

    public boolean probe() {
        HostEntry e = selected.get();
        if (e == null) {
            return false;
        }
        return operations.run(e, "probing", HostOperations.Window.NEVER, p -> backend.probe(backend.host(e.name())),
                HostOperations.After.STATUS, (entry, o) -> {
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
        return operations.run(e, "reading status", HostOperations.Window.NEVER, p -> null, HostOperations.After.STATUS,
                (entry, o) -> {
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
        workers.background(c::describe, packageDescription::set, e -> packageDescription.set(UserMessages.of(e)));
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
        return operations.run(e, "deploying", HostOperations.Window.DEPLOY, p -> {
            Path file = choice.resolve();
            PackageInfo pkg = backend.inspect(file);
            p.log(pkg.format() + " package " + pkg.describe() + ", module " + pkg.module() + ", for Linux "
                    + pkg.targetRelease() + ": " + file);
            return backend.deploy(pkg, backend.host(e.name()), p);
        }, HostOperations.After.STATUS_AND_HISTORY, (entry, o) -> {
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
        return operations.run(e, "rolling back", HostOperations.Window.NEVER, p -> backend.rollback(backend.host(e.name()), p),
                HostOperations.After.STATUS_AND_HISTORY, (entry, o) -> {
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
        workers.log(e.name(), "cancel requested");
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

    // --- kernel log --------------------------------------------------------------------------

    /** Streams the selected host's kernel log into {@link KernelLogViewModel#lines()}. */
    public boolean follow() {
        HostEntry e = selected.get();
        return e != null && kernelLog.follow(e.name());
    }

    // --- history -----------------------------------------------------------------------------

    /** Re-reads the deploy history; the chart shows the selected host's part of it. */
    public void refreshHistory() {
        workers.background(backend::history, h -> {
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

    private void selectionChanged(HostEntry was, HostEntry now) {
        selectedHost.follow(was, now);
        TrustPrompt prompt = trustPrompt.get();
        if (prompt != null && (now == null || !now.name().equals(prompt.host()))) {
            trustPrompt.set(null);
        }
        if (kernelLog.followingProperty().get() && (now == null || !now.name().equals(kernelLog.hostProperty().get()))) {
            kernelLog.stop();
        }
        updateChart();
    }

    /** The host list as the test VM sees it. */
    private final class VmHosts implements TestVmViewModel.HostList {
        @Override
        public String busy(String name) {
            return find(name).filter(HostEntry::isBusy).map(e -> e.busyProperty().get()).orElse(null);
        }

        @Override
        public void inventoryChanged(List<Host> inventory, String select) {
            merge(inventory, select);
            find(select).ifPresent(DeployViewModel.this::refreshStatus);
        }

        @Override
        public void leaving(String name) {
            kernelLog.stopIfFollowing(name);
        }

        @Override
        public void stopped(String name, List<Host> inventory) {
            find(name).ifPresent(hosts::remove);
            merge(inventory, null);
        }

        @Override
        public void tell(String text) {
            message.set(text);
        }
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

    @Override
    public void close() {
        kernelLog.stop();
        workers.shutdown();
    }

    // --- parts and properties ----------------------------------------------------------------

    public KernelLogViewModel kernelLog() {
        return kernelLog;
    }

    public TestVmViewModel testVm() {
        return testVm;
    }

    /** The selected host's state, for controls that show "the selected host". */
    public SelectedHost selectedHost() {
        return selectedHost;
    }

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
        return workers.console();
    }

    public WorkbenchContext context() {
        return ctx;
    }
}
