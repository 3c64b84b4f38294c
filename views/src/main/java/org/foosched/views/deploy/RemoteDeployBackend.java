package org.foosched.views.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.deploy.DeployResult;
import org.foosched.remote.deploy.DeploySettings;
import org.foosched.remote.deploy.Deployer;
import org.foosched.remote.deploy.DeploymentHistory;
import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.HostProbe;
import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.KernelLog;
import org.foosched.remote.deploy.PackageInfo;
import org.foosched.remote.deploy.PackageInspector;
import org.foosched.remote.deploy.Prober;
import org.foosched.remote.deploy.RollbackResult;
import org.foosched.remote.deploy.StatusReader;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.hosts.HostInventory;
import org.foosched.remote.ssh.HostTrust;
import org.foosched.remote.ssh.OutputListener;
import org.foosched.remote.ssh.SshConnector;
import org.foosched.remote.ssh.SshOptions;
import org.foosched.remote.ssh.SshSession;
import org.foosched.remote.vm.VmManager;
import org.foosched.remote.vm.VmSpec;
import org.foosched.remote.vm.VmStatus;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * The deploy panel on remote-deploy: the host inventory file, SSH with recorded host keys only,
 * {@link Prober}, {@link StatusReader}, {@link Deployer}, {@link org.foosched.remote.deploy.RollbackRunner},
 * {@link KernelLog}, the deploy history and the test VM's {@link VmManager} — the classes the
 * CLI's {@code hosts}, {@code probe}, {@code status}, {@code deploy}, {@code rollback},
 * {@code dmesg} and {@code vm} commands call, called the same way.
 */
public final class RemoteDeployBackend implements DeployBackend {

    private final Path inventoryFile;
    private final DeploymentHistory history;
    private final SshConnector connector;
    private final DeploySettings settings;
    private final Supplier<VmManager> vms;

    public RemoteDeployBackend(Path inventoryFile, Path historyFile, SshOptions options, DeploySettings settings,
                               Supplier<VmManager> vms) {
        this.inventoryFile = inventoryFile;
        this.history = new DeploymentHistory(historyFile);
        this.connector = new SshConnector(options);
        this.settings = settings;
        this.vms = vms;
    }

    /**
     * This user's inventory ({@code $FOOSCHED_HOSTS} or {@code ~/.config/foosched/hosts.yaml}),
     * history ({@code ~/.local/share/foosched/deployments.jsonl}), SSH defaults (agent from
     * {@code SSH_AUTH_SOCK}) and VM manager — what the CLI uses without options.
     */
    public static RemoteDeployBackend fromEnvironment() {
        return new RemoteDeployBackend(HostInventory.defaultFile(), DeploymentHistory.defaultFile(),
                SshOptions.defaults(), DeploySettings.defaults(), VmManager::fromEnvironment);
    }

    public Path inventoryFile() {
        return inventoryFile;
    }

    public Path historyFile() {
        return history.file();
    }

    @Override
    public List<Host> hosts() {
        return HostInventory.load(inventoryFile).hosts();
    }

    @Override
    public Host host(String name) {
        return HostInventory.load(inventoryFile).require(name);
    }

    @Override
    public synchronized Host saveHost(Host host) {
        HostInventory inv = HostInventory.load(inventoryFile);
        String known = inv.find(host.name())
                .filter(h -> h.address().equals(host.address()) && h.port() == host.port())
                .map(Host::knownHosts).orElse(null); // as foosched hosts add: a new address is trusted anew
        Host saved = new Host(host.name(), host.address(), host.port(), host.user(), host.identityFile(), known,
                host.groups());
        inv.put(saved);
        inv.save();
        return saved;
    }

    @Override
    public synchronized void removeHost(String name) {
        HostInventory inv = HostInventory.load(inventoryFile);
        inv.require(name);
        inv.remove(name);
        inv.save();
    }

    @Override
    public HostTrust.Examination examineKey(Host host) {
        return new HostTrust(connector).examine(host);
    }

    @Override
    public synchronized Host trustKey(HostTrust.Examination examination, boolean replace) {
        Host trusted = HostTrust.record(examination, replace); // refuses a changed key without replace
        HostInventory inv = HostInventory.load(inventoryFile);
        Host now = inv.require(trusted.name());
        if (!now.address().equals(trusted.address()) || now.port() != trusted.port()) {
            throw new IllegalArgumentException("host " + now.name() + " moved to " + now.address() + ":" + now.port()
                    + " while its key was being checked; check its key again");
        }
        Host saved = now.withKnownHosts(trusted.knownHosts());
        inv.put(saved);
        inv.save();
        return saved;
    }

    @Override
    public HostProbe probe(Host host) {
        try (SshSession ssh = connector.connect(host)) {
            return Prober.probe(ssh);
        }
    }

    @Override
    public HostStatus status(Host host) {
        return new StatusReader(connector).status(host);
    }

    @Override
    public PackageInfo inspect(Path packageFile) {
        return PackageInspector.inspect(packageFile);
    }

    @Override
    public DeployResult deploy(PackageInfo pkg, Host host, Progress progress) {
        return new Deployer(connector, history, settings, progress).deploy(pkg, host);
    }

    @Override
    public RollbackResult rollback(Host host, Progress progress) {
        return new org.foosched.remote.deploy.RollbackRunner(connector, history, settings, progress).rollback(host);
    }

    @Override
    public void followKernelLog(Host host, OutputListener listener, Progress progress) {
        try (SshSession ssh = connector.connect(host)) {
            KernelLog.follow(ssh, listener, progress);
        }
    }

    @Override
    public List<DeploymentRecord> history() {
        return history.read();
    }

    @Override
    public String testVmRelease() {
        return vms.get().resolveRelease(null);
    }

    @Override
    public VmStatus vmStatus(String name) {
        return vms.get().status(name);
    }

    @Override
    public VmStatus startVm(VmSpec spec, Progress progress) {
        return vms.get().start(spec, progress, null);
    }

    @Override
    public void stopVm(String name) {
        vms.get().stop(name);
    }
}
