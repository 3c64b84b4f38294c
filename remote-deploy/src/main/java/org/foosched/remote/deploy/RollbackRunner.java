package org.foosched.remote.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.SshConnector;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code foosched rollback --host HOST}: remove the installed foosched package with its own
 * package manager ({@code dpkg -r} / {@code rpm -e}, detached like installs), then verify the
 * module is gone and read its unload metrics. Nothing installed is success with nothing done.
 */
public final class RollbackRunner {

    private final SshConnector connector;
    private final DeploymentHistory history;
    private final DeploySettings settings;
    private final Progress progress;

    public RollbackRunner(SshConnector connector, DeploymentHistory history, DeploySettings settings, Progress progress) {
        this.connector = connector;
        this.history = history;
        this.settings = settings;
        this.progress = progress;
    }

    public RollbackResult rollback(Host host) {
        long started = System.nanoTime();
        progress.step("connecting to " + host.name(), 0.02);
        try (ConnectionHolder conn = new ConnectionHolder(connector, host, settings, progress)) {
            HostState state = HostState.read(conn.session());
            Optional<RemoteOperation.Record> last = RemoteOperation.last(conn.session());
            if (last.isPresent() && last.get().state() == RemoteOperation.State.RUNNING) {
                throw Deployer.busy(host, last.get());
            }
            if (state.packages().isEmpty()) {
                for (ModuleState m : state.modules()) {
                    if (m.loaded() || m.enabled() != null) {
                        throw new DeployException(DeployException.Reason.STILL_LOADED, "no foosched package is installed on host "
                                + host.name() + ", but module " + m.name() + " is loaded (by hand?); foosched rolls back "
                                + "packages only: unload it with rmmod " + m.name());
                    }
                }
                progress.log("no foosched package is installed on " + host.name() + "; nothing to roll back");
                return new RollbackResult(host.name(), state.release(), List.of(), null, Deployer.elapsedMs(started), List.of());
            }

            KernelLog.Mark mark = KernelLog.mark(conn.session());
            List<String> log = new ArrayList<>();
            for (InstalledPackage p : state.packages()) {
                progress.step("removing " + p.name() + " " + p.version() + " from " + host.name(), 0.3);
                String what = "remove " + p.name() + " " + p.version();
                String id = RemoteOperation.start(conn.session(), what, p.format().removeCommand(p.name()));
                RemoteOperation.Outcome outcome = conn.await(id, what);
                log.addAll(outcome.log());
                if (outcome.exitCode() == null || outcome.exitCode() != 0) {
                    throw new DeployException(DeployException.Reason.REMOVE_FAILED, p.format().removeCommand(p.name())
                            + " on host " + host.name() + (outcome.exitCode() == null ? " was interrupted"
                            : " failed (exit " + outcome.exitCode() + "): " + Deployer.lastLine(outcome.log()))
                            + "; the module may still be loaded: foosched status --host " + host.name());
                }
            }

            progress.step("verifying the modules are gone", 0.8);
            SchedulerMetrics metrics = null;
            for (InstalledPackage p : state.packages()) {
                if (p.module() == null) {
                    continue;
                }
                if (!ModuleWatch.awaitGone(conn.session(), p.module(), settings.moduleTimeout())) {
                    throw new DeployException(DeployException.Reason.STILL_LOADED, p.name() + " was removed from host "
                            + host.name() + " but module " + p.module() + " is still loaded after "
                            + settings.moduleTimeout().toSeconds() + " s; see foosched dmesg --host " + host.name());
                }
                metrics = KernelLog.metricsSince(conn.session(), mark, MetricsPhase.UNLOAD, p.module()).orElse(metrics);
            }
            HostState after = HostState.read(conn.session());
            if (!after.packages().isEmpty()) {
                throw new DeployException(DeployException.Reason.REMOVE_FAILED, "host " + host.name() + " still lists "
                        + after.packages().get(0).name() + " (" + after.packages().get(0).state() + ") after its removal");
            }
            RollbackResult result = new RollbackResult(host.name(), state.release(), state.packages(), metrics,
                    Deployer.elapsedMs(started), log);
            for (InstalledPackage p : state.packages()) {
                history.append(new DeploymentRecord(Deployer.now(), "rollback", host.name(), state.release(), p.name(),
                        p.version(), null, "removed", result.elapsedMs(), metrics));
            }
            progress.step("rolled back " + host.name(), 1);
            return result;
        }
    }
}
