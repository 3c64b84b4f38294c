package org.foosched.remote.ssh;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.testing.CuttableProxy;
import org.foosched.remote.testing.Processes;
import org.foosched.remote.testing.SshAgentFixture;
import org.foosched.remote.testing.SshdFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSH layer against a real OpenSSH server on a loopback port. */
class SshSessionTest {

    @TempDir
    static Path tmp;
    static SshdFixture sshd;
    static final SshOptions OPTIONS = SshOptions.defaults().withAgentSocket(null)
            .withConnectTimeout(Duration.ofSeconds(10)).withCommandTimeout(Duration.ofSeconds(30));

    @BeforeAll
    static void startSshd() {
        sshd = SshdFixture.start(tmp.resolve("sshd"));
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static Host viaProxy(CuttableProxy proxy) {
        Host h = sshd.host("lab");
        // the recorded key is the server's; only the port differs
        return new Host("lab", "127.0.0.1", proxy.port(), h.user(), h.identityFile(),
                "[127.0.0.1]:" + proxy.port() + " " + h.knownHosts().split(" ", 2)[1], List.of());
    }

    @Test
    void keyAuthenticationRunsCommandsWithExitCodesAndSeparateStreams() {
        try (SshSession s = new SshConnector(OPTIONS).connect(sshd.host("lab"))) {
            ExecResult r = s.run("echo out1; echo err1 >&2; echo out2; exit 3");
            assertThat(r.exitCode()).isEqualTo(3);
            assertThat(r.stdout()).isEqualTo("out1\nout2\n");
            assertThat(r.stderr()).isEqualTo("err1\n");
            assertThat(s.run("true").exitCode()).isZero();
        }
    }

    @Test
    void outputIsStreamedLineByLineWhileTheCommandRuns() {
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        try (SshSession s = new SshConnector(OPTIONS).connect(sshd.host("lab"))) {
            ExecResult r = s.run(RemoteCommand.of("echo first; sleep 1.5; echo second >&2; echo third"),
                    (stream, line) -> {
                        seen.add(stream + ":" + line);
                        arrivals.add((System.nanoTime() - start) / 1_000_000);
                    }, Duration.ofSeconds(20), Progress.NONE);
            assertThat(r.ok()).isTrue();
            assertThat(seen).containsExactlyInAnyOrder("STDOUT:first", "STDERR:second", "STDOUT:third");
            assertThat(seen.get(0)).isEqualTo("STDOUT:first");
            // the first line arrived well before the command ended
            long firstAt = arrivals.get(0);
            long lastAt = arrivals.get(arrivals.size() - 1);
            assertThat(lastAt - firstAt).isGreaterThanOrEqualTo(1200);
        }
    }

    @Test
    void agentAuthenticationWorks() {
        try (SshAgentFixture agent = SshAgentFixture.start(tmp.resolve("agent1"))) {
            agent.add(sshd.clientKey());
            Host viaAgent = new Host("lab", "127.0.0.1", sshd.port(), System.getProperty("user.name"), null,
                    sshd.knownHostsLine(), List.of());
            try (SshSession s = new SshConnector(OPTIONS.withAgentSocket(agent.socket())).connect(viaAgent)) {
                assertThat(s.run("echo via-agent").stdout()).isEqualTo("via-agent\n");
            }
        }
    }

    @Test
    void agentWithoutTheRightKeyIsRefusedClearly() {
        try (SshAgentFixture agent = SshAgentFixture.start(tmp.resolve("agent2"))) {
            Host viaAgent = new Host("lab", "127.0.0.1", sshd.port(), System.getProperty("user.name"), null,
                    sshd.knownHostsLine(), List.of());
            SshConnector connector = new SshConnector(OPTIONS.withAgentSocket(agent.socket()));
            assertThatThrownBy(() -> connector.connect(viaAgent))
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("holds no keys")
                    .extracting(e -> ((SshException) e).reason()).isEqualTo(SshException.Reason.CONFIGURATION);

            agent.add(Processes.keyPair(tmp.resolve("stranger_key")));
            assertThatThrownBy(() -> connector.connect(viaAgent))
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("host lab (127.0.0.1:" + sshd.port() + ") refused every key the SSH agent offered")
                    .extracting(e -> ((SshException) e).reason()).isEqualTo(SshException.Reason.AUTH_FAILED);
        }
    }

    @Test
    void noAgentAndNoIdentityFileIsAConfigurationError() {
        Host viaAgent = new Host("lab", "127.0.0.1", sshd.port(), "root", null, sshd.knownHostsLine(), List.of());
        assertThatThrownBy(() -> new SshConnector(OPTIONS).connect(viaAgent))
                .hasMessageContaining("host lab has no identity_file and no SSH agent is available");
    }

    @Test
    void wrongIdentityFileIsRefused() {
        Path stranger = Processes.keyPair(tmp.resolve("stranger_id"));
        Host h = sshd.host("lab");
        Host wrong = new Host("lab", h.address(), h.port(), h.user(), stranger.toString(), h.knownHosts(), List.of());
        assertThatThrownBy(() -> new SshConnector(OPTIONS).connect(wrong))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("refused the key " + stranger)
                .extracting(e -> ((SshException) e).reason()).isEqualTo(SshException.Reason.AUTH_FAILED);
    }

    @Test
    void unknownHostKeyIsRefusedWithItsFingerprint() {
        Host h = sshd.host("lab").withKnownHosts(null);
        String expected = Processes.fingerprint(sshd.hostPublicKey());
        assertThatThrownBy(() -> new SshConnector(OPTIONS).connect(h))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("host key of host lab (127.0.0.1:" + sshd.port() + ") is not trusted yet: " + expected)
                .hasMessageContaining("foosched hosts trust lab")
                .extracting(e -> ((SshException) e).reason()).isEqualTo(SshException.Reason.HOST_KEY_UNKNOWN);
    }

    @Test
    void changedHostKeyIsRefusedNamingBothFingerprints() throws IOException {
        Path otherPub = Path.of(Processes.keyPair(tmp.resolve("other_host_key")) + ".pub");
        String[] other = Files.readString(otherPub).strip().split("\\s+");
        Host h = sshd.host("lab").withKnownHosts("[127.0.0.1]:" + sshd.port() + " " + other[0] + " " + other[1]);
        assertThatThrownBy(() -> new SshConnector(OPTIONS).connect(h))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("host key of host lab (127.0.0.1:" + sshd.port() + ") changed: "
                        + Processes.fingerprint(sshd.hostPublicKey()))
                .hasMessageContaining("recorded " + Processes.fingerprint(otherPub))
                .hasMessageContaining("refusing; if this is expected run foosched hosts trust lab --replace")
                .extracting(e -> ((SshException) e).reason()).isEqualTo(SshException.Reason.HOST_KEY_CHANGED);
    }

    @Test
    void trustLearnsTheKeyWithoutAuthenticatingAndRecordsIt() throws IOException {
        Host untrusted = sshd.host("lab").withKnownHosts(null);
        HostTrust trust = new HostTrust(new SshConnector(OPTIONS));
        HostTrust.Examination ex = trust.examine(untrusted);
        assertThat(ex.status()).isEqualTo(HostTrust.Status.NEW);
        assertThat(ex.presented().fingerprint()).isEqualTo(Processes.fingerprint(sshd.hostPublicKey()));

        Host trusted = HostTrust.record(ex, false);
        assertThat(trusted.knownHosts()).isEqualTo(sshd.knownHostsLine());
        try (SshSession s = new SshConnector(OPTIONS).connect(trusted)) {
            assertThat(s.run("echo ok").stdout()).isEqualTo("ok\n");
        }
        assertThat(trust.examine(trusted).status()).isEqualTo(HostTrust.Status.ALREADY_TRUSTED);

        Path otherPub = Path.of(Processes.keyPair(tmp.resolve("recorded_elsewhere")) + ".pub");
        String[] other = Files.readString(otherPub).strip().split("\\s+");
        Host stale = untrusted.withKnownHosts("[127.0.0.1]:" + sshd.port() + " " + other[0] + " " + other[1]);
        HostTrust.Examination changed = trust.examine(stale);
        assertThat(changed.status()).isEqualTo(HostTrust.Status.CHANGED);
        assertThatThrownBy(() -> HostTrust.record(changed, false))
                .hasMessageContaining("refusing to overwrite it")
                .hasMessageContaining("--replace");
        assertThat(HostTrust.record(changed, true).knownHosts()).isEqualTo(sshd.knownHostsLine());
    }

    @Test
    void unreachableHostIsNamedWithAHint() {
        int closed = SshdFixture.freePort();
        Host vm = new Host("testbed", "127.0.0.1", closed, "root", sshd.clientKey().toString(), null, List.of("vm"));
        assertThatThrownBy(() -> new SshConnector(OPTIONS).connect(vm))
                .isInstanceOf(SshException.class)
                .hasMessage("host testbed (127.0.0.1:" + closed + ") is unreachable: connection refused"
                        + " — is the VM running? (foosched vm start)")
                .extracting(e -> ((SshException) e).reason()).isEqualTo(SshException.Reason.UNREACHABLE);
    }

    @Test
    void aHangingCommandTimesOutAndItsRemoteProcessIsKilled() {
        try (SshSession s = new SshConnector(OPTIONS).connect(sshd.host("lab"))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.run(RemoteCommand.of("sleep 4242 | cat; echo never"), OutputListener.NONE,
                    Duration.ofSeconds(2), Progress.NONE))
                    .isInstanceOf(SshException.class)
                    .hasMessageContaining("'sleep 4242 | cat; echo never' on host lab")
                    .hasMessageContaining("did not finish within 2 s; stopped it (remote process group")
                    .extracting(e -> ((SshException) e).reason()).isEqualTo(SshException.Reason.TIMEOUT);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
            // the sshd runs on this machine: look for the process directly
            assertThat(ProcessHandle.allProcesses()
                    .filter(p -> p.info().commandLine().orElse("").contains("sleep 4242")).count())
                    .as("remote sleep still running").isZero();
            assertThat(s.run("echo still-usable").stdout()).isEqualTo("still-usable\n");
        }
    }

    @Test
    void uploadArrivesVerifiedUnderItsFinalName() throws IOException {
        Path local = randomFile("pkg.deb", 3 << 20);
        Path remoteDir = tmp.resolve("remote-upload");
        try (SshSession s = new SshConnector(OPTIONS).connect(sshd.host("lab"))) {
            SftpUploader.Result r = s.upload(local, remoteDir.resolve("pkg.deb").toString(), Progress.NONE);
            assertThat(r.size()).isEqualTo(3 << 20);
            assertThat(r.sha256()).isEqualTo(SftpUploader.sha256(local));
        }
        assertThat(Files.mismatch(local, remoteDir.resolve("pkg.deb"))).isEqualTo(-1);
        try (var files = Files.list(remoteDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("pkg.deb");
        }
    }

    @Test
    void aConnectionCutDuringUploadIsReportedAndARerunSucceeds() throws IOException {
        Path local = randomFile("big.deb", 8 << 20);
        Path remoteDir = tmp.resolve("remote-cut");
        String remote = remoteDir.resolve("big.deb").toString();
        try (CuttableProxy proxy = new CuttableProxy("127.0.0.1", sshd.port())) {
            Host host = viaProxy(proxy);
            try (SshSession s = new SshConnector(OPTIONS).connect(host)) {
                proxy.cutAfterUpstreamBytes(2 << 20);
                assertThatThrownBy(() -> s.upload(local, remote, Progress.NONE))
                        .isInstanceOf(SshException.class)
                        .hasMessageContaining("the connection to host lab (127.0.0.1:" + proxy.port()
                                + ") dropped while uploading big.deb")
                        .hasMessageContaining("nothing was installed")
                        .extracting(e -> ((SshException) e).reason()).isEqualTo(SshException.Reason.CONNECTION_LOST);
            }
            assertThat(remoteDir.resolve("big.deb")).doesNotExist();
            try (var files = Files.list(remoteDir)) {
                assertThat(files.map(p -> p.getFileName().toString()).toList())
                        .as("the partial copy stays hidden").allMatch(n -> n.startsWith(".big.deb.part-"));
            }

            proxy.heal();
            try (SshSession s = new SshConnector(OPTIONS).connect(host)) {
                s.upload(local, remote, Progress.NONE);
            }
        }
        assertThat(Files.mismatch(local, remoteDir.resolve("big.deb"))).isEqualTo(-1);
        try (var files = Files.list(remoteDir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("big.deb");
        }
    }

    @Test
    void aConnectionCutDuringALongCommandIsReportedAndARerunSucceeds() {
        String script = "i=0; while [ $i -lt 30 ]; do echo line $i; i=$((i+1)); sleep 0.1; done";
        try (CuttableProxy proxy = new CuttableProxy("127.0.0.1", sshd.port())) {
            Host host = viaProxy(proxy);
            try (SshSession s = new SshConnector(OPTIONS).connect(host)) {
                List<String> seen = new CopyOnWriteArrayList<>();
                assertThatThrownBy(() -> s.run(RemoteCommand.of(script).labelled("count to 30"), (stream, line) -> {
                    seen.add(line);
                    if (line.equals("line 3")) {
                        proxy.cutAll();
                    }
                }, Duration.ofSeconds(30), Progress.NONE))
                        .isInstanceOf(SshException.class)
                        .hasMessage("the connection to host lab (127.0.0.1:" + proxy.port() + ") dropped while "
                                + "running 'count to 30'; its outcome on the host is unknown");
                assertThat(seen).contains("line 3").doesNotContain("line 29");
            }
            try (SshSession s = new SshConnector(OPTIONS).connect(host)) {
                ExecResult r = s.run(RemoteCommand.of(script));
                assertThat(r.ok()).isTrue();
                assertThat(r.stdout().lines()).hasSize(30).endsWith("line 29");
            }
        }
    }

    @Test
    void aSilentlyVanishedHostIsDetectedByKeepAlive() {
        SshOptions quick = OPTIONS.withKeepAlive(Duration.ofMillis(500), 2);
        try (CuttableProxy proxy = new CuttableProxy("127.0.0.1", sshd.port());
             SshSession s = new SshConnector(quick).connect(viaProxy(proxy))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> s.run(RemoteCommand.of("sleep 1; echo a; sleep 60"), (stream, line) -> proxy.freeze(),
                    Duration.ofSeconds(60), Progress.NONE))
                    .isInstanceOf(SshException.class)
                    .extracting(e -> ((SshException) e).reason()).isEqualTo(SshException.Reason.CONNECTION_LOST);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(15_000);
        }
    }

    private static Path randomFile(String name, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        Path p = tmp.resolve(name);
        Files.write(p, data);
        return p;
    }
}
