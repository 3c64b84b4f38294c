package org.foosched.app.cli;

import org.foosched.remote.hosts.Host;
import org.foosched.remote.hosts.HostInventory;
import org.foosched.remote.ssh.HostTrust;
import org.foosched.remote.ssh.KnownHostsLine;
import org.foosched.remote.ssh.SshConnector;
import org.foosched.remote.ssh.SshException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.Console;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = "Manage the host inventory: list, show, add, remove hosts, and trust their SSH host keys.",
        subcommands = {HostsCommand.ListHosts.class, HostsCommand.Show.class, HostsCommand.Add.class,
                HostsCommand.Remove.class, HostsCommand.Trust.class})
public final class HostsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Map<String, Object> describe(Host h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", h.name());
        m.put("address", h.address());
        m.put("port", h.port());
        m.put("user", h.user());
        m.put("identityFile", h.identityFile());
        m.put("auth", h.usesAgent() ? "agent" : "identity file");
        List<String> fps = new ArrayList<>();
        try {
            KnownHostsLine.parseAll(h.knownHosts(), h.name()).forEach(k -> fps.add(k.keyType() + " " + k.fingerprint()));
        } catch (IllegalArgumentException e) {
            fps.add("unreadable: " + e.getMessage());
        }
        m.put("hostKeys", fps);
        m.put("groups", h.groups());
        return m;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the hosts and whether their keys are trusted.")
    static final class ListHosts extends RemoteCommandBase {
        @Override
        int execute(CliProgress progress) {
            HostInventory inv = options.inventory();
            if (options.json) {
                printJson(inv.hosts().stream().map(HostsCommand::describe).toList());
                return ExitCodes.OK;
            }
            if (inv.hosts().isEmpty()) {
                out().println("no hosts in " + inv.file() + " (foosched hosts add NAME --address ..., or foosched vm start)");
                out().flush();
                return ExitCodes.OK;
            }
            TextTable t = new TextTable(List.of("name", "address", "user", "auth", "host key"));
            for (Host h : inv.hosts()) {
                @SuppressWarnings("unchecked")
                List<String> keys = (List<String>) describe(h).get("hostKeys");
                t.row(h.name(), h.address() + ":" + h.port(), h.user(), h.usesAgent() ? "agent" : "key file",
                        keys.isEmpty() ? "not trusted (foosched hosts trust " + h.name() + ")" : String.join(", ", keys));
            }
            t.print(out());
            return ExitCodes.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show one host.")
    static final class Show extends RemoteCommandBase {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int execute(CliProgress progress) {
            Map<String, Object> d = describe(options.inventory().require(name));
            if (options.json) {
                printJson(d);
            } else {
                TextTable t = new TextTable(List.of("name", name));
                d.forEach((k, v) -> {
                    if (!k.equals("name")) {
                        t.row(k, String.valueOf(v));
                    }
                });
                t.print(out());
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Add or update a host. Its key is not trusted until 'foosched hosts trust NAME'.",
                    "Without --identity, the SSH agent (SSH_AUTH_SOCK) authenticates."})
    static final class Add extends RemoteCommandBase {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--address", required = true, description = "Host name or IP address.")
        String address;
        @Option(names = "--port", defaultValue = "22", description = "SSH port (default: ${DEFAULT-VALUE}).")
        int port;
        @Option(names = "--user", defaultValue = "root", description = "Login user; not root means sudo -n for installs (default: ${DEFAULT-VALUE}).")
        String user;
        @Option(names = "--identity", paramLabel = "FILE", description = "Private key file (no passphrase; use the agent for those).")
        String identity;
        @Option(names = "--group", paramLabel = "GROUP", description = "Fleet group (repeatable).")
        List<String> groups = new ArrayList<>();

        @Override
        int execute(CliProgress progress) {
            HostInventory inv = options.inventory();
            String known = inv.find(name)
                    .filter(h -> h.address().equals(address) && h.port() == port)
                    .map(Host::knownHosts).orElse(null); // a new address or port must be trusted anew
            inv.put(new Host(name, address, port, user, identity, known, groups));
            inv.save();
            out().println("host " + name + " (" + address + ":" + port + ") saved in " + inv.file()
                    + (known == null ? "; now check its key: foosched hosts trust " + name : ""));
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a host from the inventory.")
    static final class Remove extends RemoteCommandBase {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        int execute(CliProgress progress) {
            HostInventory inv = options.inventory();
            inv.require(name);
            inv.remove(name);
            inv.save();
            out().println("host " + name + " removed from " + inv.file());
            out().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "trust", mixinStandardHelpOptions = true,
            description = {"Connect to a host, show its SSH host key fingerprint and record the key as trusted.",
                    "Asks on the terminal unless --yes. A changed key is only replaced with --replace."})
    static final class Trust extends RemoteCommandBase {
        @Parameters(paramLabel = "NAME")
        String name;
        @Option(names = "--yes", description = "Record without asking (scripts; check the fingerprint another way).")
        boolean yes;
        @Option(names = "--replace", description = "Replace a recorded key that changed.")
        boolean replace;

        @Override
        int execute(CliProgress progress) {
            HostInventory inv = options.inventory();
            Host host = inv.require(name);
            HostTrust.Examination ex = new HostTrust(new SshConnector(options.sshOptions())).examine(host);
            String who = SshConnector.describe(host);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("host", name);
            json.put("keyType", ex.presented().type());
            json.put("fingerprint", ex.presented().fingerprint());
            if (ex.status() == HostTrust.Status.ALREADY_TRUSTED) {
                json.put("result", "already-trusted");
                report(json, who + " presents " + ex.presented() + ", which is trusted already");
                return ExitCodes.OK;
            }
            if (ex.status() == HostTrust.Status.CHANGED && !replace) {
                HostTrust.record(ex, false); // throws the refusal naming both fingerprints
            }
            err().println(who + " presents the " + ex.presented().type() + " key " + ex.presented().fingerprint()
                    + (ex.status() == HostTrust.Status.CHANGED ? " — it CHANGED, recorded was " + ex.recordedFingerprints() : ""));
            err().flush();
            if (!yes && !confirm()) {
                throw new SshException(SshException.Reason.HOST_KEY_UNKNOWN, "the key of " + who + " was not trusted"
                        + (System.console() == null ? " (no terminal to ask on: check the fingerprint, then re-run with --yes)" : ""));
            }
            Host trusted = HostTrust.record(ex, replace);
            inv.put(trusted);
            inv.save();
            json.put("result", ex.status() == HostTrust.Status.CHANGED ? "replaced" : "recorded");
            report(json, "trusted " + ex.presented() + " for host " + name + " (recorded in " + inv.file() + ")");
            return ExitCodes.OK;
        }

        private boolean confirm() {
            Console console = System.console();
            if (console == null) {
                return false;
            }
            String answer = console.readLine("Trust this key for host %s? [y/N] ", name);
            return answer != null && (answer.strip().equalsIgnoreCase("y") || answer.strip().equalsIgnoreCase("yes"));
        }

        private void report(Map<String, Object> json, String text) {
            if (options.json) {
                printJson(json);
            } else {
                out().println(text);
                out().flush();
            }
        }
    }
}
