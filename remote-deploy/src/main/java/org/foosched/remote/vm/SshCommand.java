package org.foosched.remote.vm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The system {@code ssh} command line for a VM: root on 127.0.0.1 at the forwarded port, the
 * image's client key only, the VM's recorded host key only (no prompt, no learning), and no
 * user or system ssh configuration. With no remote command it opens an interactive shell.
 */
public final class SshCommand {

    private SshCommand() {
    }

    public static List<String> build(int port, Path identity, Path knownHosts, List<String> remoteCommand) {
        List<String> c = new ArrayList<>(List.of(
                "ssh", "-F", "/dev/null",
                "-o", "StrictHostKeyChecking=yes",
                "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "IdentitiesOnly=yes",
                "-o", "ConnectTimeout=10",
                "-o", "LogLevel=ERROR",
                "-i", identity.toString(),
                "-p", Integer.toString(port)));
        if (!remoteCommand.isEmpty()) {
            c.add("-o");
            c.add("BatchMode=yes");
        }
        c.add("root@127.0.0.1");
        if (!remoteCommand.isEmpty()) {
            c.add("--");
            c.addAll(remoteCommand);
        }
        return c;
    }
}
