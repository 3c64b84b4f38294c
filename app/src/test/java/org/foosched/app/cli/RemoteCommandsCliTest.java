package org.foosched.app.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.foosched.app.Main;
import org.foosched.remote.hosts.HostInventory;
import org.foosched.remote.testing.Processes;
import org.foosched.remote.testing.SshdFixture;
import org.foosched.remote.testing.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The remote commands as a user types them, against a real sshd on loopback. Only read-only
 * commands reach this machine; deploys here are refused before anything is uploaded (the
 * package targets another kernel), which is one of the behaviours under test.
 */
class RemoteCommandsCliTest {

    @TempDir
    static Path tmp;
    static SshdFixture sshd;
    static Path inventory;
    static final ObjectMapper JSON = new ObjectMapper();
    static final String RELEASE = Processes.check(null, "uname", "-r").strip();

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void start() {
        sshd = SshdFixture.start(tmp.resolve("sshd"));
        inventory = tmp.resolve("hosts.yaml");
        Run add = foosched("hosts", "add", "lab", "--address", "127.0.0.1", "--port", Integer.toString(sshd.port()),
                "--user", System.getProperty("user.name"), "--identity", sshd.clientKey().toString());
        assertThat(add.code()).as(add.err()).isZero();
        Run trust = foosched("hosts", "trust", "lab", "--yes");
        assertThat(trust.code()).as(trust.err()).isZero();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    static Run foosched(String... args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (!all.contains("--inventory")) {
            all.add("--inventory");
            all.add(inventory.toString());
        }
        CommandLine cl = Main.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(all.toArray(String[]::new));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void trustRecordedTheKeyThatSshKeygenSees() throws IOException {
        HostInventory inv = HostInventory.load(inventory);
        assertThat(inv.require("lab").knownHosts()).isEqualTo(sshd.knownHostsLine());
        Run again = foosched("hosts", "trust", "lab");
        assertThat(again.code()).isZero();
        assertThat(again.out()).contains(Processes.fingerprint(sshd.hostPublicKey())).contains("trusted already");

        Run list = foosched("hosts", "list", "--json");
        JsonNode hosts = JSON.readTree(list.out());
        assertThat(hosts).hasSize(1);
        assertThat(hosts.get(0).get("hostKeys").get(0).asText())
                .isEqualTo("ssh-ed25519 " + Processes.fingerprint(sshd.hostPublicKey()));
    }

    @Test
    void anUntrustedHostIsRefusedAndTrustNeedsATerminalOrYes() {
        Path inv2 = tmp.resolve("hosts2.yaml");
        assertThat(foosched("hosts", "add", "fresh", "--address", "127.0.0.1", "--port", Integer.toString(sshd.port()),
                "--identity", sshd.clientKey().toString(), "--inventory", inv2.toString()).code()).isZero();

        Run probe = foosched("probe", "fresh", "--inventory", inv2.toString());
        assertThat(probe.code()).isEqualTo(ExitCodes.HOST_KEY_REFUSED);
        assertThat(probe.err()).contains("host key of host fresh (127.0.0.1:" + sshd.port() + ") is not trusted yet: "
                + Processes.fingerprint(sshd.hostPublicKey()));

        Run noTerminal = foosched("hosts", "trust", "fresh", "--inventory", inv2.toString());
        assertThat(noTerminal.code()).isEqualTo(ExitCodes.HOST_KEY_REFUSED);
        assertThat(noTerminal.err()).contains("presents the ssh-ed25519 key " + Processes.fingerprint(sshd.hostPublicKey()))
                .contains("no terminal to ask on");
        assertThat(HostInventory.load(inv2).require("fresh").knownHosts()).isNull();
    }

    @Test
    void aChangedKeyIsOnlyReplacedWithReplace() throws IOException {
        Path inv3 = tmp.resolve("hosts3.yaml");
        Path other = Processes.keyPair(tmp.resolve("other_host"));
        String[] pub = Files.readString(Path.of(other + ".pub")).strip().split("\\s+");
        HostInventory inv = HostInventory.load(inv3);
        inv.put(sshd.host("moved").withKnownHosts("[127.0.0.1]:" + sshd.port() + " " + pub[0] + " " + pub[1]));
        inv.save();

        Run status = foosched("status", "--host", "moved", "--inventory", inv3.toString());
        assertThat(status.code()).isEqualTo(ExitCodes.HOST_KEY_REFUSED);
        assertThat(status.err()).contains("changed: " + Processes.fingerprint(sshd.hostPublicKey()))
                .contains("recorded " + Processes.fingerprint(Path.of(other + ".pub")))
                .contains("foosched hosts trust moved --replace");

        Run refused = foosched("hosts", "trust", "moved", "--yes", "--inventory", inv3.toString());
        assertThat(refused.code()).isEqualTo(ExitCodes.HOST_KEY_REFUSED);
        assertThat(refused.err()).contains("refusing to overwrite it");

        Run replaced = foosched("hosts", "trust", "moved", "--yes", "--replace", "--inventory", inv3.toString(), "--json");
        assertThat(replaced.code()).as(replaced.err()).isZero();
        assertThat(JSON.readTree(replaced.out()).get("result").asText()).isEqualTo("replaced");
        assertThat(foosched("status", "--host", "moved", "--inventory", inv3.toString()).code()).isZero();
    }

    @Test
    void probePrintsATableOrJson() throws IOException {
        Run text = foosched("probe", "lab");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).containsPattern("kernel\\s+" + java.util.regex.Pattern.quote(RELEASE));
        Run json = foosched("probe", "lab", "--json");
        JsonNode p = JSON.readTree(json.out());
        assertThat(p.get("release").asText()).isEqualTo(RELEASE);
        assertThat(p.get("cpus").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void deployOfAPackageForAnotherKernelIsRefusedWithExitCode6() throws IOException {
        Path ko = tmp.resolve("fs_testmod.ko");
        Files.writeString(ko, "placeholder\n");
        String other = RELEASE.equals("6.1.0-56-amd64") ? "6.1.0-55-amd64" : "6.1.0-56-amd64";
        Path deb = TestPackages.buildDeb(ko, other, "1.0-1", tmp.resolve("pkgs"));
        Path history = tmp.resolve("history.jsonl");
        Run r = foosched("deploy", deb.toString(), "--host", "lab", "--history", history.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.RELEASE_MISMATCH);
        assertThat(r.err()).contains("foosched: package foosched-fs-testmod 1.0-1 is built for Linux " + other
                + " but host lab runs " + RELEASE);
        Run json = foosched("deploy", deb.toString(), "--host", "lab", "--history", history.toString(), "--json");
        JsonNode e = JSON.readTree(json.out());
        assertThat(e.get("reason").asText()).isEqualTo("release_mismatch");
        assertThat(e.get("exitCode").asInt()).isEqualTo(6);
        assertThat(history).doesNotExist();
    }

    @Test
    void badInputGetsOneClearMessage() throws IOException {
        Path notAPackage = tmp.resolve("README.txt");
        Files.writeString(notAPackage, "hello");
        Run r = foosched("deploy", notAPackage.toString(), "--host", "lab");
        assertThat(r.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(r.err()).isEqualTo("foosched: package " + notAPackage + " is neither a DEB nor an RPM package\n");

        Run unknown = foosched("status", "--host", "nosuch");
        assertThat(unknown.code()).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(unknown.err()).contains("no host named 'nosuch'").contains("(known: lab)");

        Run usage = foosched("deploy", "--host", "lab");
        assertThat(usage.code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void unreachableHostExitsWith3() {
        Path inv4 = tmp.resolve("hosts4.yaml");
        int port = SshdFixture.freePort();
        foosched("hosts", "add", "testbed", "--address", "127.0.0.1", "--port", Integer.toString(port),
                "--identity", sshd.clientKey().toString(), "--group", "vm", "--inventory", inv4.toString());
        Run r = foosched("rollback", "--host", "testbed", "--inventory", inv4.toString());
        assertThat(r.code()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).endsWith("\nfoosched: host testbed (127.0.0.1:" + port + ") is unreachable: connection refused"
                + " — is the VM running? (foosched vm start)\n");
    }

    @Test
    void statusRollbackAndDmesgOnAHostWithoutFoosched() throws IOException {
        Run status = foosched("status", "--host", "lab");
        assertThat(status.code()).as(status.err()).isZero();
        assertThat(status.out()).containsPattern("package\\s+none").containsPattern("problems\\s+none");
        JsonNode s = JSON.readTree(foosched("status", "--host", "lab", "--json").out());
        assertThat(s.get("release").asText()).isEqualTo(RELEASE);
        assertThat(s.get("packages")).isEmpty();

        Run rollback = foosched("rollback", "--host", "lab", "--history", tmp.resolve("h.jsonl").toString());
        assertThat(rollback.code()).isZero();
        assertThat(rollback.out()).isEqualTo("nothing to roll back: no foosched package is installed on lab\n");

        Run dmesg = foosched("dmesg", "--host", "lab");
        assertThat(dmesg.code()).isZero();
        assertThat(dmesg.out().lines().count()).isGreaterThan(0);
        Run metrics = foosched("dmesg", "--host", "lab", "--metrics", "--json");
        assertThat(JSON.readTree(metrics.out()).isArray()).isTrue();
    }

    @Test
    void exitCodesOfEveryReason() {
        for (org.foosched.remote.ssh.SshException.Reason r : org.foosched.remote.ssh.SshException.Reason.values()) {
            assertThat(ExitCodes.of(new org.foosched.remote.ssh.SshException(r, "x"))).isNotIn(0, 2);
        }
        for (org.foosched.remote.deploy.DeployException.Reason r : org.foosched.remote.deploy.DeployException.Reason.values()) {
            assertThat(ExitCodes.of(new org.foosched.remote.deploy.DeployException(r, "x"))).isNotIn(0, 2);
        }
        assertThat(ExitCodes.of(new org.foosched.remote.ssh.SshException(
                org.foosched.remote.ssh.SshException.Reason.CONNECTION_LOST, "x"))).isEqualTo(ExitCodes.OUTCOME_UNKNOWN);
        assertThat(ExitCodes.of(new IllegalStateException())).isEqualTo(ExitCodes.FAILURE);
    }
}
