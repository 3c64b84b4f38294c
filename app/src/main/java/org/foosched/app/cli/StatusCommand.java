package org.foosched.app.cli;

import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.InstalledPackage;
import org.foosched.remote.deploy.ModuleState;
import org.foosched.remote.deploy.RemoteOperation;
import org.foosched.remote.deploy.StatusReader;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.SshConnector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the foosched package and module on a host, how the last install/removal ended, and the last metrics.",
                "Exit code 0 when the host is consistent, 1 when a problem is listed."})
public final class StatusCommand extends RemoteCommandBase {

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "Host name from the inventory.")
    String hostName;

    @Override
    int execute(CliProgress progress) {
        Host host = options.inventory().require(hostName);
        HostStatus s = new StatusReader(new SshConnector(options.sshOptions())).status(host);
        int code = s.problems().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        if (options.json) {
            printJson(s);
            return code;
        }
        PrintWriter out = out();
        TextTable t = new TextTable(List.of("host", s.host() + " (" + host.address() + ":" + host.port() + ")"));
        t.row("kernel", s.release());
        if (s.packages().isEmpty()) {
            t.row("package", "none");
        }
        for (InstalledPackage p : s.packages()) {
            t.row("package", p.name() + " " + p.version() + " (" + p.format().manager() + ", " + p.state()
                    + (p.module() == null ? "" : ", module " + p.module())
                    + (p.targetRelease() == null ? "" : ", for " + p.targetRelease()) + ")");
        }
        if (s.modules().isEmpty()) {
            t.row("module", "none loaded");
        }
        for (ModuleState m : s.modules()) {
            t.row("module", m.name() + ": " + (m.loaded() ? "loaded" : "not loaded") + ", "
                    + (m.enabled() == null ? "no enable flag" : m.enabled() ? "enabled" : "not enabled"));
        }
        RemoteOperation.Record op = s.lastOperation();
        t.row("last op", op == null ? "none" : op.what() + ": " + describe(op) + " (started "
                + Instant.ofEpochSecond(op.started()) + ")");
        t.row("problems", s.problems().isEmpty() ? "none" : s.problems().get(0));
        for (int i = 1; i < s.problems().size(); i++) {
            t.row("", s.problems().get(i));
        }
        t.print(out);
        if (op != null && op.state() != RemoteOperation.State.FINISHED || op != null && op.exitCode() != null
                && op.exitCode() != 0) {
            out.println("last lines of '" + op.what() + "':");
            op.logTail().forEach(l -> out.println("  " + l));
        }
        out.println();
        MetricsTable.print(out, s.lastLoad(), s.lastUnload());
        out.flush();
        return code;
    }

    private static String describe(RemoteOperation.Record op) {
        return switch (op.state()) {
            case RUNNING -> "still running";
            case FINISHED -> "finished, exit code " + op.exitCode();
            case INTERRUPTED -> "interrupted (no exit code)";
        };
    }
}
