package org.foosched.app.cli;

import org.foosched.remote.deploy.HostProbe;
import org.foosched.remote.deploy.Prober;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.SshConnector;
import org.foosched.remote.ssh.SshSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

@Command(name = "probe", mixinStandardHelpOptions = true,
        description = "Show a host's kernel release, CPUs, threads, lockdown, live patches, foosched modules and free space.")
public final class ProbeCommand extends RemoteCommandBase {

    @Parameters(paramLabel = "HOST", description = "Host name from the inventory.")
    String hostName;

    @Override
    int execute(CliProgress progress) {
        Host host = options.inventory().require(hostName);
        HostProbe probe;
        try (SshSession ssh = new SshConnector(options.sshOptions()).connect(host)) {
            probe = Prober.probe(ssh);
        }
        if (options.json) {
            printJson(probe);
            return ExitCodes.OK;
        }
        PrintWriter out = out();
        TextTable t = new TextTable(java.util.List.of("host", probe.host()));
        t.row("address", host.address() + ":" + host.port() + " (user " + host.user() + ")");
        t.row("kernel", probe.release() + " (" + probe.architecture() + ")");
        t.row("cpus", Integer.toString(probe.cpus()));
        t.row("threads", Integer.toString(probe.threads()));
        t.row("lockdown", probe.lockdown() == null ? "not available" : probe.lockdown()
                + (probe.lockedDown() ? " (only signed modules load)" : ""));
        t.row("livepatches", probe.livepatches().isEmpty() ? "none" : probe.livepatches().stream()
                .map(p -> p.name() + (p.enabled() ? "" : " (disabled)")).collect(Collectors.joining(", ")));
        t.row("kpatch", probe.kpatchModules().isEmpty() ? "none" : String.join(", ", probe.kpatchModules()));
        t.row("foosched", probe.fooschedModules().isEmpty() ? "none" : probe.fooschedModules().stream()
                .map(m -> m.name() + (Boolean.TRUE.equals(m.enabled()) ? " (enabled)" : " (not enabled)"))
                .collect(Collectors.joining(", ")));
        for (Map.Entry<String, Long> e : probe.freeBytes().entrySet()) {
            t.row("free " + e.getKey(), String.format("%,d MiB", e.getValue() >> 20));
        }
        t.row("packages", probe.packageManagers().isEmpty() ? "no dpkg or rpm" : String.join(", ", probe.packageManagers()));
        t.print(out);
        return ExitCodes.OK;
    }
}
