package org.foosched.remote.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.ssh.ExecResult;
import org.foosched.remote.ssh.OutputListener;
import org.foosched.remote.ssh.RemoteCommand;
import org.foosched.remote.ssh.SshSession;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A host's kernel log ({@code dmesg}, as root: Debian restricts it). A {@link Mark} taken before
 * an install lets the metrics of exactly that install be picked out afterwards.
 */
public final class KernelLog {

    /**
     * Where the log stood.
     *
     * @param lines         number of lines then
     * @param lastTimestamp printk time of the last line, or {@code null} without printk times
     */
    public record Mark(int lines, Double lastTimestamp) {
    }

    private KernelLog() {
    }

    public static List<String> read(SshSession ssh) {
        ExecResult r = ssh.run(RemoteCommand.privileged("dmesg").labelled("dmesg"));
        if (!r.ok()) {
            throw new DeployException(DeployException.Reason.HOST_UNSUPPORTED, "cannot read the kernel log of host "
                    + ssh.host().name() + " (dmesg, exit " + r.exitCode() + "): " + r.lastErrorLine());
        }
        return r.stdout().lines().toList();
    }

    public static Mark mark(SshSession ssh) {
        return markOf(read(ssh));
    }

    static Mark markOf(List<String> lines) {
        Double last = null;
        for (int i = lines.size() - 1; i >= 0 && last == null; i--) {
            last = MetricsParser.timestamp(lines.get(i)).orElse(null);
        }
        return new Mark(lines.size(), last);
    }

    /** The lines logged after the mark. */
    static List<String> after(Mark mark, List<String> lines) {
        if (mark.lastTimestamp() != null) {
            int from = lines.size();
            for (int i = 0; i < lines.size(); i++) {
                Optional<Double> ts = MetricsParser.timestamp(lines.get(i));
                if (ts.isPresent() && ts.get() > mark.lastTimestamp()) {
                    from = i;
                    break;
                }
            }
            return lines.subList(from, lines.size());
        }
        // no printk times: count lines (a wrapped ring buffer makes this give everything)
        return mark.lines() <= lines.size() ? lines.subList(mark.lines(), lines.size()) : lines;
    }

    /** The metrics of the last load or unload logged after the mark. */
    public static Optional<SchedulerMetrics> metricsSince(SshSession ssh, Mark mark, MetricsPhase phase, String module) {
        return MetricsParser.latest(MetricsParser.parse(after(mark, read(ssh))), phase, module);
    }

    /**
     * Streams {@code dmesg --follow} to the listener until cancelled (the remote dmesg is then
     * stopped). {@code --follow} needs util-linux's dmesg.
     */
    public static void follow(SshSession ssh, OutputListener listener, Progress progress) {
        ExecResult r = ssh.run(RemoteCommand.privileged("exec dmesg --follow").labelled("dmesg --follow"), listener,
                Duration.ofDays(3650), progress);
        if (!r.ok()) {
            throw new DeployException(DeployException.Reason.HOST_UNSUPPORTED, "dmesg --follow failed on host "
                    + ssh.host().name() + " (exit " + r.exitCode() + "): " + r.lastErrorLine()
                    + " — it needs util-linux's dmesg");
        }
    }
}
