package org.foosched.views.deploy;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.vm.VmSpec;
import org.foosched.remote.vm.VmStatus;
import org.foosched.views.workbench.TaskProgress;
import org.foosched.views.workbench.UserMessages;

import java.util.List;
import java.util.Locale;

/**
 * The test VM of the deploy panel ({@code foosched vm start|stop|status}): a start registers it
 * in the inventory, so it joins the host list when SSH answers; a stop takes it out again.
 */
public final class TestVmViewModel {

    /** What the VM needs from the host list. */
    interface HostList {
        /** The reason {@code name} cannot be touched now (an operation runs on it), or null. */
        String busy(String name);

        /** The inventory changed (the VM registered itself); select {@code select} if not null. */
        void inventoryChanged(List<Host> inventory, String select);

        /** The VM {@code name} is about to stop: its viewers (the kernel log) let go of it. */
        void leaving(String name);

        /** The VM {@code name} was stopped: it leaves the list. */
        void stopped(String name, List<Host> inventory);

        /** A panel-wide message (a refused request). */
        void tell(String message);
    }

    private final DeployBackend backend;
    private final DeployWorkers workers;
    private final HostList hosts;
    private final StringProperty name = new SimpleStringProperty(VmSpec.DEFAULT_NAME);
    private final IntegerProperty cpus = new SimpleIntegerProperty(VmSpec.DEFAULT_CPUS);
    private final IntegerProperty memMb = new SimpleIntegerProperty(VmSpec.DEFAULT_MEM_MB);
    private final BooleanProperty busy = new SimpleBooleanProperty(false);
    private final BooleanProperty cancellable = new SimpleBooleanProperty(false);
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final StringProperty state = new SimpleStringProperty("");
    private final TaskProgress progress;

    TestVmViewModel(DeployBackend backend, DeployWorkers workers, HostList hosts) {
        this.backend = backend;
        this.workers = workers;
        this.hosts = hosts;
        this.progress = new TaskProgress(workers.ui(), line -> workers.log("vm " + name.get(), line));
    }

    /** Boots the VM with the newest kit's kernel; returns when the request is refused or under way. */
    public boolean start() {
        String vm = name.get();
        if (refused(vm)) {
            return false;
        }
        VmSpec spec;
        try {
            // checks name, vCPUs and memory now; the release is resolved on the worker (the newest kit)
            spec = new VmSpec(vm, "unresolved", cpus.get(), memMb.get());
        } catch (IllegalArgumentException ex) {
            hosts.tell(ex.getMessage());
            return false;
        }
        busy.set(true);
        progress.reset();
        progress.runningProperty().set(true);
        state.set("starting " + vm + " (" + spec.cpus() + " vCPUs, " + spec.memMB() + " MiB)…");
        Progress p = CancelWindow.always(progress, c -> workers.ui().execute(() -> cancellable.set(c)));
        long t0 = System.nanoTime();
        workers.submit(() -> {
            VmStatus st = null;
            Throwable failure = null;
            List<Host> inventory = null;
            try {
                st = backend.startVm(new VmSpec(vm, backend.testVmRelease(), spec.cpus(), spec.memMB()), p);
                inventory = backend.hosts();
            } catch (Throwable t) {
                failure = t;
                workers.failure("vm " + vm, t);
            }
            VmStatus started = st;
            Throwable f = failure;
            List<Host> inv = inventory;
            workers.ui().execute(() -> {
                busy.set(false);
                cancellable.set(false);
                progress.runningProperty().set(false);
                if (f != null) {
                    running.set(false);
                    state.set(f instanceof Progress.CancelledException ? "start of " + vm + " cancelled"
                            : "start of " + vm + " failed: " + UserMessages.of(f));
                    return;
                }
                running.set(started.running());
                state.set(summary(started) + String.format(Locale.ROOT, " (started in %.0f s)",
                        (System.nanoTime() - t0) / 1e9));
                progress.fractionProperty().set(1);
                hosts.inventoryChanged(inv, vm);
            });
        });
        return true;
    }

    /** Stops a start under way (QEMU is stopped again). */
    public boolean cancelStart() {
        if (!busy.get() || !cancellable.get()) {
            return false;
        }
        progress.cancel();
        return true;
    }

    /** Stops the VM; no QEMU is left behind. */
    public boolean stop() {
        String vm = name.get();
        if (refused(vm)) {
            return false;
        }
        busy.set(true);
        state.set("stopping " + vm + "…");
        hosts.leaving(vm);
        workers.background(() -> {
            backend.stopVm(vm);
            return backend.hosts();
        }, inv -> {
            busy.set(false);
            running.set(false);
            state.set(vm + ": stopped");
            hosts.stopped(vm, inv);
        }, e -> {
            busy.set(false);
            state.set("stop of " + vm + " failed: " + UserMessages.of(e));
        });
        return true;
    }

    /** Reads whether the VM runs. */
    public void refresh() {
        String vm = name.get();
        workers.background(() -> backend.vmStatus(vm), st -> {
            if (!busy.get()) {
                running.set(st.running());
                state.set(summary(st));
            }
        }, e -> state.set(vm + ": " + UserMessages.of(e)));
    }

    /** What keeps {@code host} busy when it is this VM and the VM is starting or stopping, else null. */
    String busyWith(String host) {
        return busy.get() && name.get().equals(host) ? state.get() : null;
    }

    private boolean refused(String vm) {
        if (busy.get()) {
            hosts.tell("the test VM " + vm + " is busy: " + state.get());
            return true;
        }
        String b = hosts.busy(vm);
        if (b != null) {
            hosts.tell("host " + vm + " is busy (" + b + "); one operation per host at a time");
            return true;
        }
        return false;
    }

    static String summary(VmStatus st) {
        if (st.vm() == null || !st.running()) {
            return st.name() + ": " + st.state().name().toLowerCase(Locale.ROOT)
                    + (st.findings().isEmpty() ? "" : " (" + st.findings().size() + " kernel failures on its console)");
        }
        return String.format(Locale.ROOT, "%s: running, Linux %s, %d vCPUs, %d MiB, %s, ssh 127.0.0.1:%d%s", st.name(),
                st.vm().release(), st.vm().cpus(), st.vm().memMB(), st.vm().accel(), st.vm().sshPort(),
                st.vm().bootMs() == null ? "" : String.format(Locale.ROOT, ", booted to SSH in %.1f s", st.vm().bootMs() / 1000.0));
    }

    public StringProperty nameProperty() {
        return name;
    }

    public IntegerProperty cpusProperty() {
        return cpus;
    }

    public IntegerProperty memMbProperty() {
        return memMb;
    }

    public BooleanProperty busyProperty() {
        return busy;
    }

    public BooleanProperty cancellableProperty() {
        return cancellable;
    }

    public BooleanProperty runningProperty() {
        return running;
    }

    public StringProperty stateProperty() {
        return state;
    }

    public TaskProgress progress() {
        return progress;
    }
}
