package org.foosched.app.cli;

import org.foosched.remote.deploy.DeploySettings;
import org.foosched.remote.deploy.DeploymentHistory;
import org.foosched.remote.deploy.InstalledPackage;
import org.foosched.remote.deploy.RollbackResult;
import org.foosched.remote.deploy.RollbackRunner;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.SshConnector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Collectors;

@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = {"Remove the installed foosched package from a host (dpkg -r / rpm -e) and verify its module is gone.",
                "With nothing installed it does nothing and succeeds."})
public final class RollbackCommand extends RemoteCommandBase {

    @Option(names = "--host", required = true, paramLabel = "HOST", description = "Host name from the inventory.")
    String hostName;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Wait this long for the package manager (default: ${DEFAULT-VALUE}).")
    int timeout;

    @Option(names = "--history", paramLabel = "FILE",
            description = "Deploy history to append to (default: ~/.local/share/foosched/deployments.jsonl).")
    Path historyFile;

    @Override
    int execute(CliProgress progress) {
        Host host = options.inventory().require(hostName);
        RollbackResult r = new RollbackRunner(new SshConnector(options.sshOptions()),
                new DeploymentHistory(historyFile != null ? historyFile : DeploymentHistory.defaultFile()),
                DeploySettings.defaults().withOperationTimeout(Duration.ofSeconds(Math.max(1, timeout))), progress)
                .rollback(host);
        if (options.json) {
            printJson(r);
            return ExitCodes.OK;
        }
        if (r.removed().isEmpty()) {
            out().println("nothing to roll back: no foosched package is installed on " + r.host());
        } else {
            out().println("rolled back " + r.host() + ": removed " + r.removed().stream()
                    .map(p -> p.name() + " " + p.version()).collect(Collectors.joining(", ")) + "; module "
                    + r.removed().stream().map(InstalledPackage::module).collect(Collectors.joining(", "))
                    + " gone; " + r.elapsedMs() + " ms");
            MetricsTable.print(out(), r.metrics());
        }
        out().flush();
        return ExitCodes.OK;
    }
}
