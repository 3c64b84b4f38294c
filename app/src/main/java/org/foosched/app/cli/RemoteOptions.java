package org.foosched.app.cli;

import org.foosched.remote.hosts.HostInventory;
import org.foosched.remote.ssh.SshOptions;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** Options every remote command shares. */
public final class RemoteOptions {

    @Option(names = "--inventory", paramLabel = "FILE",
            description = "Host inventory (default: $FOOSCHED_HOSTS or ~/.config/foosched/hosts.yaml).")
    Path inventory;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", defaultValue = "15",
            description = "Give up connecting after this long (default: ${DEFAULT-VALUE}).")
    int connectTimeout;

    @Option(names = "--json", description = "Print the result as JSON on standard output (progress goes to standard error).")
    boolean json;

    HostInventory inventory() {
        return HostInventory.load(inventory != null ? inventory : HostInventory.defaultFile());
    }

    SshOptions sshOptions() {
        return SshOptions.defaults().withConnectTimeout(Duration.ofSeconds(Math.max(1, connectTimeout)));
    }
}
