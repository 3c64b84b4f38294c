package org.foosched.app.cli;

import org.foosched.remote.deploy.KernelLog;
import org.foosched.remote.deploy.MetricsParser;
import org.foosched.remote.deploy.SchedulerMetrics;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.OutputListener;
import org.foosched.remote.ssh.SshConnector;
import org.foosched.remote.ssh.SshSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "dmesg", mixinStandardHelpOptions = true,
        description = {"Print a host's kernel log; --follow streams new lines until Ctrl-C.",
                "--metrics prints only the parsed load/unload metrics."})
public final class DmesgCommand extends RemoteCommandBase {

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "Host name from the inventory.")
    String hostName;

    @Option(names = {"-f", "--follow"}, description = "Keep streaming new kernel log lines (dmesg --follow).")
    boolean follow;

    @Option(names = "--metrics", description = "Only the scheduler metrics, parsed (a table, or JSON with --json).")
    boolean metricsOnly;

    @Override
    int execute(CliProgress progress) {
        Host host = options.inventory().require(hostName);
        try (SshSession ssh = new SshConnector(options.sshOptions()).connect(host)) {
            if (follow) {
                KernelLog.follow(ssh, (stream, line) -> printLine(stream, line), progress);
                return ExitCodes.OK;
            }
            List<String> lines = KernelLog.read(ssh);
            if (metricsOnly) {
                List<SchedulerMetrics> metrics = MetricsParser.parse(lines);
                if (options.json) {
                    printJson(metrics);
                } else {
                    metrics.forEach(m -> MetricsTable.print(out(), m));
                    if (metrics.isEmpty()) {
                        out().println("no scheduler metrics in the kernel log of " + host.name());
                    }
                }
            } else {
                lines.forEach(l -> printLine(OutputListener.Stream.STDOUT, l));
            }
            out().flush();
            return ExitCodes.OK;
        }
    }

    private synchronized void printLine(OutputListener.Stream stream, String line) {
        if (stream == OutputListener.Stream.STDERR) {
            err().println(line);
            err().flush();
            return;
        }
        if (options.json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("timestamp", MetricsParser.timestamp(line).orElse(null));
            o.put("line", line);
            out().println(Json.write(o).replaceAll("\\s*\\n\\s*", " "));
        } else {
            out().println(line);
        }
        out().flush();
    }
}
