package org.foosched.views.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.deploy.DeployResult;
import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.HostProbe;
import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.PackageInfo;
import org.foosched.remote.deploy.RollbackResult;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.HostTrust;
import org.foosched.remote.ssh.OutputListener;
import org.foosched.remote.vm.VmSpec;
import org.foosched.remote.vm.VmStatus;

import java.nio.file.Path;
import java.util.List;

/**
 * What the deploy panel asks of the deploy layer, one method per thing it does. Every method
 * may block (SSH, files, QEMU): the panel calls them off the UI thread only. The real one is
 * {@link RemoteDeployBackend} (remote-deploy's classes); tests of the panel's own logic may use
 * a fake.
 */
public interface DeployBackend {

    /** The hosts of the inventory, in its order. */
    List<Host> hosts();

    /** The host as the inventory has it now (trust recorded by the CLI meanwhile included). */
    Host host(String name);

    /**
     * Adds or updates a host. A known key is kept only while address and port stay the same
     * (a new address must be trusted anew). Returns the host as saved.
     */
    Host saveHost(Host host);

    void removeHost(String name);

    /** Handshake only: the key the host presents, and how it relates to the recorded ones. */
    HostTrust.Examination examineKey(Host host);

    /** Records the examined key for the host; a changed key only with {@code replace}. */
    Host trustKey(HostTrust.Examination examination, boolean replace);

    HostProbe probe(Host host);

    HostStatus status(Host host);

    PackageInfo inspect(Path packageFile);

    DeployResult deploy(PackageInfo pkg, Host host, Progress progress);

    RollbackResult rollback(Host host, Progress progress);

    /** Streams {@code dmesg --follow} until {@code progress} is cancelled or the connection ends. */
    void followKernelLog(Host host, OutputListener listener, Progress progress);

    /** The deploy history, oldest first. */
    List<DeploymentRecord> history();

    /** The newest kernel release a test VM can boot (the newest kit). */
    String testVmRelease();

    VmStatus vmStatus(String name);

    /** Boots the test VM and enters it into the inventory under its name. */
    VmStatus startVm(VmSpec spec, Progress progress);

    void stopVm(String name);
}
