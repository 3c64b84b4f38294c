package org.foosched.remote.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.SftpUploader;
import org.foosched.remote.ssh.SshConnector;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code foosched deploy PACKAGE --host HOST}: refuse a package built for another kernel
 * release, refuse when another foosched package or version is installed, upload verified,
 * install detached ({@link RemoteOperation}: a dropped connection does not stop it and a
 * reconnect learns the outcome), wait for the module to report enabled, read its load metrics
 * and append them to the deploy history. Deploying the version that is installed already
 * changes nothing and succeeds.
 */
public final class Deployer {

    private final SshConnector connector;
    private final DeploymentHistory history;
    private final DeploySettings settings;
    private final Progress progress;

    public Deployer(SshConnector connector, DeploymentHistory history, DeploySettings settings, Progress progress) {
        this.connector = connector;
        this.history = history;
        this.settings = settings;
        this.progress = progress;
    }

    static String installWhat(PackageInfo pkg) {
        return "install " + pkg.name() + " " + pkg.version();
    }

    public DeployResult deploy(PackageInfo pkg, Host host) {
        long started = System.nanoTime();
        progress.step("connecting to " + host.name(), 0.02);
        try (ConnectionHolder conn = new ConnectionHolder(connector, host, settings, progress)) {
            progress.step("checking host " + host.name(), 0.05);
            HostState state = HostState.read(conn.session());
            progress.log("host " + host.name() + " runs Linux " + state.release());
            ReleaseCheck.require(pkg, host.name(), state.release());
            if (!state.managers().contains(pkg.format().manager())) {
                throw new DeployException(DeployException.Reason.HOST_UNSUPPORTED, "host " + host.name() + " has no "
                        + pkg.format().manager() + ", so it cannot install the " + pkg.format() + " package "
                        + pkg.fileName() + "; build the other package format for it");
            }

            Optional<RemoteOperation.Record> last = RemoteOperation.last(conn.session());
            if (last.isPresent() && last.get().state() == RemoteOperation.State.RUNNING) {
                RemoteOperation.Record op = last.get();
                if (!op.what().equals(installWhat(pkg))) {
                    throw busy(host, op);
                }
                progress.log("'" + op.what() + "' is already running on " + host.name() + " (an earlier deploy); "
                        + "waiting for it instead of starting another");
                conn.await(op.id(), op.what());
                state = HostState.read(conn.session());
            }

            Optional<InstalledPackage> same = state.packageNamed(pkg.name());
            if (same.isPresent()) {
                return alreadyThere(pkg, host, conn, state, same.get(), started);
            }
            refuseOthers(pkg, host, state);

            KernelLog.Mark mark = KernelLog.mark(conn.session());
            progress.step("uploading " + pkg.fileName(), 0.1);
            SftpUploader.Result upload = conn.session().upload(pkg.file(),
                    StagingArea.packagePath(host, pkg.fileName()), progress);

            progress.step("installing " + pkg.describe() + " on " + host.name(), 0.6);
            String what = installWhat(pkg);
            String id = RemoteOperation.start(conn.session(), what, pkg.format().installCommand(upload.remotePath()));
            RemoteOperation.Outcome outcome = conn.await(id, what);
            if (outcome.exitCode() == null) {
                throw new DeployException(DeployException.Reason.INSTALL_FAILED, "the install of " + pkg.describe()
                        + " on host " + host.name() + " was interrupted (its process ended without an exit code: "
                        + "killed, or the host rebooted); foosched status --host " + host.name() + " shows what is installed");
            }
            if (outcome.exitCode() != 0) {
                String undo = removeHalfInstalled(pkg, host, conn);
                throw new DeployException(DeployException.Reason.INSTALL_FAILED, "installing " + pkg.describe()
                        + " on host " + host.name() + " failed (exit " + outcome.exitCode() + "): "
                        + reasonLine(outcome.log()) + "; " + undo);
            }

            if (!moduleLoaded(pkg, conn)) {
                // rpm reports a failed %post only as a warning and exits 0
                String undo = removeHalfInstalled(pkg, host, conn);
                throw new DeployException(DeployException.Reason.NOT_ENABLED, "the install script of " + pkg.describe()
                        + " on host " + host.name() + " did not load module " + pkg.module() + ": "
                        + reasonLine(outcome.log()) + "; " + undo);
            }
            progress.step("waiting for " + pkg.module() + " to report enabled", 0.85);
            requireEnabled(pkg, host, conn);
            SchedulerMetrics metrics = KernelLog.metricsSince(conn.session(), mark, MetricsPhase.LOAD, pkg.module())
                    .orElse(null);
            if (metrics == null) {
                progress.log("module " + pkg.module() + " printed no load metrics");
            }
            DeployResult result = new DeployResult(host.name(), state.release(), pkg.name(), pkg.version(), pkg.module(),
                    "installed", metrics, elapsedMs(started), outcome.log());
            record(result, pkg);
            progress.step("deployed " + pkg.describe() + " to " + host.name(), 1);
            return result;
        }
    }

    /**
     * A package whose install script refused (the module did not load) may still be registered
     * by the package manager (rpm keeps a package whose %post failed; dpkg leaves it
     * half-configured): remove it again, so the host is as it was before the deploy.
     */
    private String removeHalfInstalled(PackageInfo pkg, Host host, ConnectionHolder conn) {
        try {
            HostState after = HostState.read(conn.session());
            Optional<InstalledPackage> left = after.packageNamed(pkg.name());
            if (left.isEmpty()) {
                return "nothing was installed; the host is as it was";
            }
            String what = "remove " + pkg.name() + " after a failed install";
            String id = RemoteOperation.start(conn.session(), what, left.get().format().removeCommand(pkg.name()));
            RemoteOperation.Outcome removed = conn.await(id, what);
            if (removed.exitCode() != null && removed.exitCode() == 0) {
                return "the package was removed again; the host is as it was (see foosched dmesg --host " + host.name() + ")";
            }
            return "removing the package again failed too (" + lastLine(removed.log()) + "); foosched status --host "
                    + host.name() + " shows the state";
        } catch (RuntimeException e) {
            return "foosched status --host " + host.name() + " shows the package state; undo with foosched rollback --host "
                    + host.name();
        }
    }

    private DeployResult alreadyThere(PackageInfo pkg, Host host, ConnectionHolder conn, HostState state,
                                      InstalledPackage installed, long started) {
        if (!installed.version().equals(pkg.version())) {
            throw new DeployException(DeployException.Reason.CONFLICT, "host " + host.name() + " has " + installed.name()
                    + " " + installed.version() + " installed, not " + pkg.version() + "; roll back first (foosched rollback --host "
                    + host.name() + "), then deploy " + pkg.fileName());
        }
        if (!installed.fullyInstalled()) {
            throw new DeployException(DeployException.Reason.CONFLICT, installed.name() + " " + installed.version()
                    + " on host " + host.name() + " is " + installed.state() + " (an earlier install did not complete); "
                    + "roll back first (foosched rollback --host " + host.name() + "), then deploy again");
        }
        progress.log(pkg.describe() + " is installed on " + host.name() + " already; nothing to change");
        requireEnabled(pkg, host, conn);
        SchedulerMetrics metrics = MetricsParser.latest(MetricsParser.parse(KernelLog.read(conn.session())),
                MetricsPhase.LOAD, pkg.module()).orElse(null);
        DeployResult result = new DeployResult(host.name(), state.release(), pkg.name(), pkg.version(), pkg.module(),
                "already-installed", metrics, elapsedMs(started), List.of());
        record(result, pkg);
        return result;
    }

    private static void refuseOthers(PackageInfo pkg, Host host, HostState state) {
        if (!state.packages().isEmpty()) {
            String others = state.packages().stream()
                    .map(p -> p.name() + " " + p.version() + (p.module() == null ? "" : " (module " + p.module() + ")"))
                    .collect(Collectors.joining(", "));
            throw new DeployException(DeployException.Reason.CONFLICT, "host " + host.name() + " has " + others
                    + " installed; only one foosched package at a time: roll back first (foosched rollback --host "
                    + host.name() + "), then deploy " + pkg.fileName());
        }
        for (ModuleState m : state.modules()) {
            if (m.loaded() || m.enabled() != null) {
                throw new DeployException(DeployException.Reason.CONFLICT, "module " + m.name() + " is loaded on host "
                        + host.name() + " but no package holds it (loaded by hand?); unload it first (rmmod " + m.name()
                        + "), then deploy " + pkg.fileName());
            }
        }
    }

    private static boolean moduleLoaded(PackageInfo pkg, ConnectionHolder conn) {
        HostState state = HostState.read(conn.session());
        return state.modules().stream().anyMatch(m -> m.name().equals(pkg.module()) && m.loaded());
    }

    private void requireEnabled(PackageInfo pkg, Host host, ConnectionHolder conn) {
        if (!ModuleWatch.awaitEnabled(conn.session(), pkg.module(), settings.moduleTimeout())) {
            throw new DeployException(DeployException.Reason.NOT_ENABLED, pkg.describe() + " is installed on host "
                    + host.name() + " but /sys/kernel/foosched/" + pkg.module() + "/enable did not read 1 within "
                    + settings.moduleTimeout().toSeconds() + " s; see foosched dmesg --host " + host.name()
                    + "; undo with foosched rollback --host " + host.name());
        }
    }

    static DeployException busy(Host host, RemoteOperation.Record op) {
        return new DeployException(DeployException.Reason.CONFLICT, "host " + host.name() + " is busy: '" + op.what()
                + "' (started " + formatEpoch(op.started()) + ") is still running; wait for it to finish "
                + "(foosched status --host " + host.name() + ")");
    }

    private void record(DeployResult r, PackageInfo pkg) {
        history.append(new DeploymentRecord(now(), "deploy", r.host(), r.hostRelease(), r.packageName(),
                r.packageVersion(), pkg.file().toAbsolutePath().toString(), r.outcome(), r.elapsedMs(), r.metrics()));
    }

    static String now() {
        return DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    static String formatEpoch(long seconds) {
        return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC))
                + "Z";
    }

    static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    /** The line of a package manager's log that says why it failed (the last one about an error). */
    /**
     * The line of an install's output that says why it failed: our installer's own last word
     * (with the line it points to when it says "see above", or the module's log line when the
     * module refused), else the package manager's error.
     */
    static String reasonLine(List<String> log) {
        for (int i = log.size() - 1; i >= 0; i--) {
            String l = log.get(i).strip();
            if (l.startsWith("foosched-installer:") || l.startsWith("foosched-resolve:")) {
                boolean pointsBack = l.contains("see above") || l.contains("was refused");
                String before = i > 0 ? log.get(i - 1).strip() : "";
                return pointsBack && !before.isEmpty() && !before.startsWith("foosched-installer:")
                        ? before + " — " + l : l;
            }
        }
        for (int i = log.size() - 1; i >= 0; i--) {
            String l = log.get(i).toLowerCase(java.util.Locale.ROOT);
            if ((l.contains("error") || l.contains("fail") || l.contains("refused")) && !l.startsWith("errors were encountered")) {
                return log.get(i).strip();
            }
        }
        return lastLine(log);
    }

    static String lastLine(List<String> log) {
        for (int i = log.size() - 1; i >= 0; i--) {
            if (!log.get(i).isBlank()) {
                return log.get(i).strip();
            }
        }
        return "(no output)";
    }
}
