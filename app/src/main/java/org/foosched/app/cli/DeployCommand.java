package org.foosched.app.cli;

import org.foosched.remote.deploy.DeployResult;
import org.foosched.remote.deploy.DeploySettings;
import org.foosched.remote.deploy.Deployer;
import org.foosched.remote.deploy.DeploymentHistory;
import org.foosched.remote.deploy.PackageInfo;
import org.foosched.remote.deploy.PackageInspector;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.SshConnector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Install a foosched package (DEB or RPM) on a host and wait for its module to report enabled.",
                "Refuses a package built for another kernel release, and a host with another foosched package installed.",
                "Deploying the installed version again changes nothing and succeeds."})
public final class DeployCommand extends RemoteCommandBase {

    @Parameters(paramLabel = "PACKAGE", description = "The .deb or .rpm file.")
    Path packageFile;

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
        PackageInfo pkg = PackageInspector.inspect(packageFile);
        Host host = options.inventory().require(hostName);
        progress.log(pkg.format() + " package " + pkg.describe() + ", module " + pkg.module() + ", for Linux "
                + pkg.targetRelease());
        Deployer deployer = new Deployer(new SshConnector(options.sshOptions()),
                new DeploymentHistory(historyFile != null ? historyFile : DeploymentHistory.defaultFile()),
                DeploySettings.defaults().withOperationTimeout(Duration.ofSeconds(Math.max(1, timeout))), progress);
        DeployResult r = deployer.deploy(pkg, host);
        if (options.json) {
            printJson(r);
            return ExitCodes.OK;
        }
        out().println((r.outcome().equals("installed") ? "deployed " : "already installed (nothing changed): ")
                + r.packageName() + " " + r.packageVersion() + " on " + r.host() + " (Linux " + r.hostRelease()
                + "); module " + r.module() + " enabled; " + r.elapsedMs() + " ms");
        MetricsTable.print(out(), r.metrics());
        out().flush();
        return ExitCodes.OK;
    }
}
