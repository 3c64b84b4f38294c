package org.foosched.views.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.deploy.DeployResult;
import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.HostProbe;
import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.PackageFormat;
import org.foosched.remote.deploy.PackageInfo;
import org.foosched.remote.deploy.RollbackResult;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.HostTrust;
import org.foosched.remote.ssh.OutputListener;
import org.foosched.remote.vm.VmSpec;
import org.foosched.remote.vm.VmState;
import org.foosched.remote.vm.VmStatus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the deploy layer in the tests of the panel's own logic (one operation per
 * host, cancel windows, what the panel shows after failures). Each call is recorded; each
 * remote step does what the test sets. The real layer is tested against a real sshd.
 */
final class FakeDeployBackend implements DeployBackend {

    @FunctionalInterface
    interface Step<T> {
        T run(Host host, Progress progress) throws Exception;
    }

    final Map<String, Host> inventory = new LinkedHashMap<>();
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<DeploymentRecord> history = new CopyOnWriteArrayList<>();
    volatile Step<HostStatus> status = (h, p) -> status(h.name(), List.of());
    volatile Step<HostProbe> probe = (h, p) -> { throw new UnsupportedOperationException("probe"); };
    volatile Step<DeployResult> deploy = (h, p) -> { throw new UnsupportedOperationException("deploy"); };
    volatile Step<RollbackResult> rollback = (h, p) -> { throw new UnsupportedOperationException("rollback"); };

    static HostStatus status(String host, List<org.foosched.remote.deploy.ModuleState> modules) {
        return new HostStatus(host, "6.1.0-56-amd64", List.of(), modules, null, null, null, List.of());
    }

    static Host labHost(String name) {
        return new Host(name, "10.0.0." + (name.length() + 1), 22, "root", "/nonexistent/key", null, List.of());
    }

    private void call(String what) {
        calls.add(what);
    }

    @Override
    public List<Host> hosts() {
        return new ArrayList<>(inventory.values());
    }

    @Override
    public Host host(String name) {
        Host h = inventory.get(name);
        if (h == null) {
            throw new IllegalArgumentException("no host named '" + name + "'");
        }
        return h;
    }

    @Override
    public Host saveHost(Host host) {
        call("save " + host.name());
        inventory.put(host.name(), host);
        return host;
    }

    @Override
    public void removeHost(String name) {
        call("remove " + name);
        inventory.remove(name);
    }

    @Override
    public HostTrust.Examination examineKey(Host host) {
        throw new UnsupportedOperationException("examine");
    }

    @Override
    public Host trustKey(HostTrust.Examination examination, boolean replace) {
        throw new UnsupportedOperationException("trust");
    }

    @Override
    public HostProbe probe(Host host) {
        call("probe " + host.name());
        return run(probe, host, Progress.NONE);
    }

    @Override
    public HostStatus status(Host host) {
        call("status " + host.name());
        return run(status, host, Progress.NONE);
    }

    @Override
    public PackageInfo inspect(Path packageFile) {
        call("inspect " + packageFile.getFileName());
        return new PackageInfo(packageFile, PackageFormat.DEB, "scheduler", "1.0.0", "amd64", "6.1.0-56-amd64", "scheduler");
    }

    @Override
    public DeployResult deploy(PackageInfo pkg, Host host, Progress progress) {
        call("deploy " + host.name());
        return run(deploy, host, progress);
    }

    @Override
    public RollbackResult rollback(Host host, Progress progress) {
        call("rollback " + host.name());
        return run(rollback, host, progress);
    }

    @Override
    public void followKernelLog(Host host, OutputListener listener, Progress progress) {
        throw new UnsupportedOperationException("follow");
    }

    @Override
    public List<DeploymentRecord> history() {
        return List.copyOf(history);
    }

    @Override
    public String testVmRelease() {
        return "6.1.0-56-amd64";
    }

    @Override
    public VmStatus vmStatus(String name) {
        return new VmStatus(name, VmStatus.State.STOPPED, null, Path.of("/nonexistent/console.log"), List.of());
    }

    /** What a VM start does; the default boots at once and registers the VM like {@code vm start}. */
    volatile Step<VmStatus> startVm = (h, p) -> running(h);

    @Override
    public VmStatus startVm(VmSpec spec, Progress progress) {
        call("startVm " + spec.name() + " " + spec.release() + " " + spec.cpus() + "x" + spec.memMB());
        Host vm = new Host(spec.name(), "127.0.0.1", 40022, "root", "/nonexistent/key", "/nonexistent/known_hosts",
                List.of("vm"));
        VmStatus st = run(startVm, vm, progress);
        inventory.put(vm.name(), vm);
        return st;
    }

    @Override
    public void stopVm(String name) {
        call("stopVm " + name);
        inventory.remove(name);
    }

    static VmStatus running(Host vm) {
        return new VmStatus(vm.name(), VmStatus.State.RUNNING, new VmState(vm.name(), "6.1.0-56-amd64", 2, 2048, "tcg",
                4242, vm.port(), "/nonexistent/image", 0, 61_000L), Path.of("/nonexistent/console.log"), List.of());
    }

    private static <T> T run(Step<T> step, Host host, Progress progress) {
        try {
            return step.run(host, progress);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
