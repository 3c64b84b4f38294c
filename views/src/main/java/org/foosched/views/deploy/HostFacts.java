package org.foosched.views.deploy;

import org.foosched.remote.deploy.HostProbe;
import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.InstalledPackage;
import org.foosched.remote.deploy.ModuleState;
import org.foosched.remote.deploy.RemoteOperation;
import org.foosched.remote.deploy.SchedulerMetrics;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** A probe and a status as the rows the panel lists, the ones that need attention marked. */
public final class HostFacts {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private HostFacts() {
    }

    /** What {@code foosched probe} reports. */
    public static List<InfoRow> probe(HostProbe p) {
        List<InfoRow> rows = new ArrayList<>();
        rows.add(InfoRow.of("kernel", p.release() + (p.architecture() == null ? "" : " (" + p.architecture() + ")")));
        rows.add(InfoRow.of("CPUs", String.valueOf(p.cpus())));
        rows.add(InfoRow.of("threads", String.valueOf(p.threads())));
        if (p.lockdown() == null) {
            rows.add(InfoRow.of("lockdown", "not exposed (no lockdown LSM)"));
        } else if (p.lockedDown()) {
            rows.add(InfoRow.warn("lockdown", p.lockdown() + ": only signed modules load; sign the module (foosched build --sign-key)"));
        } else {
            rows.add(InfoRow.of("lockdown", p.lockdown()));
        }
        if (p.livepatches().isEmpty()) {
            rows.add(InfoRow.of("live patches", "none"));
        } else {
            rows.add(InfoRow.warn("live patches", p.livepatches().stream()
                    .map(x -> x.name() + (x.enabled() ? " (enabled)" : " (disabled)")).collect(Collectors.joining(", "))
                    + ": loading refuses when one patches a scheduler function"));
        }
        rows.add(p.kpatchModules().isEmpty() ? InfoRow.of("kpatch modules", "none")
                : InfoRow.warn("kpatch modules", String.join(", ", p.kpatchModules())));
        rows.add(InfoRow.of("foosched modules", p.fooschedModules().isEmpty() ? "none"
                : p.fooschedModules().stream().map(m -> m.name() + " (" + (m.enabled() == null ? "enable unreadable"
                : m.enabled() ? "enabled" : "not enabled") + ")").collect(Collectors.joining(", "))));
        for (Map.Entry<String, Long> f : p.freeBytes().entrySet()) {
            rows.add(f.getValue() < 64L << 20 ? InfoRow.warn("free in " + f.getKey(), bytes(f.getValue()) + ": little room for a package")
                    : InfoRow.of("free in " + f.getKey(), bytes(f.getValue())));
        }
        rows.add(p.packageManagers().isEmpty() ? InfoRow.warn("package managers", "none: neither dpkg nor rpm")
                : InfoRow.of("package managers", String.join(", ", p.packageManagers())));
        return rows;
    }

    /** What {@code foosched status} reports. */
    public static List<InfoRow> status(HostStatus s) {
        List<InfoRow> rows = new ArrayList<>();
        rows.add(InfoRow.of("kernel", s.release()));
        if (s.packages().isEmpty()) {
            rows.add(InfoRow.of("packages", "no foosched package"));
        }
        for (InstalledPackage p : s.packages()) {
            String v = p.name() + " " + p.version() + " (" + p.format().name().toLowerCase(Locale.ROOT) + ", " + p.state() + ")";
            rows.add(p.fullyInstalled() ? InfoRow.of("package", v) : InfoRow.warn("package", v));
        }
        for (ModuleState m : s.modules()) {
            String v = m.name() + ": " + (m.loaded() ? "loaded" : "not loaded") + ", "
                    + (m.enabled() == null ? "no enable flag" : m.enabled() ? "enabled" : "not enabled");
            rows.add(InfoRow.of("module", v));
        }
        RemoteOperation.Record op = s.lastOperation();
        if (op != null) {
            String how = switch (op.state()) {
                case RUNNING -> "still running";
                case INTERRUPTED -> "interrupted (no exit code)";
                case FINISHED -> op.exitCode() != null && op.exitCode() == 0 ? "finished" : "failed, exit " + op.exitCode();
            };
            String v = op.what() + ", " + TIME.format(Instant.ofEpochSecond(op.started())) + ": " + how;
            rows.add(op.state() == RemoteOperation.State.FINISHED && op.exitCode() != null && op.exitCode() == 0
                    ? InfoRow.of("last operation", v) : InfoRow.warn("last operation", v));
        }
        if (s.lastLoad() != null) {
            rows.add(InfoRow.of("last load", metrics(s.lastLoad())));
        }
        if (s.lastUnload() != null) {
            rows.add(InfoRow.of("last unload", metrics(s.lastUnload())));
        }
        for (String p : s.problems()) {
            rows.add(InfoRow.warn("problem", p));
        }
        return rows;
    }

    /** {@code stop machine 16.494 ms, all 18.572 ms (2 CPUs, 67 threads)}. */
    public static String metrics(SchedulerMetrics m) {
        StringBuilder sb = new StringBuilder();
        sb.append("stop machine ").append(ms(m.stopMachineNs())).append(", all ").append(ms(m.totalNs()));
        if (m.cpus() != null || m.threads() != null) {
            sb.append(" (").append(m.cpus() == null ? "?" : m.cpus()).append(" CPUs, ")
                    .append(m.threads() == null ? "?" : m.threads()).append(" threads)");
        }
        return sb.toString();
    }

    /** Nanoseconds as milliseconds with three decimals, or a dash when the module did not print it. */
    public static String ms(Long ns) {
        return ns == null ? "–" : String.format(Locale.ROOT, "%.3f ms", ns / 1e6);
    }

    static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.0f MiB", b / (double) (1L << 20));
    }
}
