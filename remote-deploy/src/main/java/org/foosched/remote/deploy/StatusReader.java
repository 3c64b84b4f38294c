package org.foosched.remote.deploy;

import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.SshConnector;
import org.foosched.remote.ssh.SshSession;

import java.util.ArrayList;
import java.util.List;

/** Reads {@link HostStatus} over SSH and says plainly what is inconsistent. */
public final class StatusReader {

    private final SshConnector connector;

    public StatusReader(SshConnector connector) {
        this.connector = connector;
    }

    public HostStatus status(Host host) {
        try (SshSession ssh = connector.connect(host)) {
            HostState state = HostState.read(ssh);
            RemoteOperation.Record last = RemoteOperation.last(ssh).orElse(null);
            List<SchedulerMetrics> metrics = MetricsParser.parse(KernelLog.read(ssh));
            String module = state.packages().stream().map(InstalledPackage::module).filter(m -> m != null)
                    .findFirst().orElse(state.modules().isEmpty() ? "" : state.modules().get(0).name());
            return new HostStatus(host.name(), state.release(), state.packages(), state.modules(), last,
                    MetricsParser.latest(metrics, MetricsPhase.LOAD, module).orElse(null),
                    MetricsParser.latest(metrics, MetricsPhase.UNLOAD, module).orElse(null),
                    problems(state, last));
        }
    }

    static List<String> problems(HostState state, RemoteOperation.Record last) {
        List<String> problems = new ArrayList<>();
        for (InstalledPackage p : state.packages()) {
            if (!p.fullyInstalled()) {
                problems.add(p.name() + " " + p.version() + " is " + p.state()
                        + ": its install or removal did not complete; roll back (foosched rollback)");
            }
            if (p.targetRelease() != null && !p.targetRelease().equals(state.release())) {
                problems.add(p.name() + " is built for Linux " + p.targetRelease() + " but the host runs " + state.release());
            }
            ModuleState m = p.module() == null ? null : state.module(p.module()).orElse(null);
            if (p.fullyInstalled() && m != null && !m.loaded()) {
                problems.add(p.name() + " is installed but module " + p.module() + " is not loaded");
            } else if (p.fullyInstalled() && m != null && !Boolean.TRUE.equals(m.enabled())) {
                problems.add("module " + p.module() + " is loaded but does not report enabled");
            }
        }
        for (ModuleState m : state.modules()) {
            boolean packaged = state.packages().stream().anyMatch(p -> m.name().equals(p.module()));
            if (!packaged && (m.loaded() || m.enabled() != null)) {
                problems.add("module " + m.name() + " is loaded but no package holds it");
            }
        }
        if (last != null && last.state() == RemoteOperation.State.INTERRUPTED) {
            problems.add("the last operation '" + last.what() + "' was interrupted (no exit code: killed, or the host rebooted)");
        } else if (last != null && last.state() == RemoteOperation.State.FINISHED && last.exitCode() != null
                && last.exitCode() != 0) {
            problems.add("the last operation '" + last.what() + "' failed with exit code " + last.exitCode());
        } else if (last != null && last.state() == RemoteOperation.State.RUNNING) {
            problems.add("'" + last.what() + "' is still running");
        }
        return problems;
    }
}
