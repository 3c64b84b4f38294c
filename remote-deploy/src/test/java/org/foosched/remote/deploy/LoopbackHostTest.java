package org.foosched.remote.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.SshConnector;
import org.foosched.remote.ssh.SshException;
import org.foosched.remote.ssh.SshOptions;
import org.foosched.remote.ssh.SshSession;
import org.foosched.remote.testing.CuttableProxy;
import org.foosched.remote.testing.Processes;
import org.foosched.remote.testing.SshdFixture;
import org.foosched.remote.testing.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The deploy layer's remote scripts against this machine through a real sshd on loopback —
 * only read-only queries and harmless commands: nothing is ever installed or loaded here
 * (the kernel-side path is proven in the QEMU guest, {@code GuestDeployE2ETest}).
 */
class LoopbackHostTest {

    @TempDir
    static Path tmp;
    static SshdFixture sshd;
    static boolean baseExisted;
    static final List<String> opIds = new ArrayList<>();
    static final SshOptions OPTIONS = SshOptions.defaults().withAgentSocket(null)
            .withCommandTimeout(Duration.ofSeconds(60));

    @BeforeAll
    static void start() {
        baseExisted = Files.exists(Path.of("/var/tmp/foosched"));
        sshd = SshdFixture.start(tmp.resolve("sshd"));
    }

    @AfterAll
    static void stop() throws IOException {
        if (sshd != null) {
            sshd.close();
        }
        // leave this machine's /var/tmp as we found it
        Path base = Path.of("/var/tmp/foosched");
        if (!baseExisted) {
            deleteTree(base);
        } else {
            for (String id : opIds) {
                deleteTree(base.resolve("ops").resolve(id));
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    private static SshSession connect() {
        return new SshConnector(OPTIONS).connect(sshd.host("loop"));
    }

    @Test
    void probeReportsThisMachine() {
        HostProbe p;
        try (SshSession s = connect()) {
            p = Prober.probe(s);
        }
        assertThat(p.release()).isEqualTo(Processes.check(null, "uname", "-r").strip());
        assertThat(p.architecture()).isEqualTo(Processes.check(null, "uname", "-m").strip());
        assertThat(p.cpus()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(p.threads()).isGreaterThan(10);
        assertThat(p.freeBytes().get("/var/tmp")).isPositive();
        assertThat(p.packageManagers()).contains("dpkg");
    }

    @Test
    void hostStateAndKernelLogAreRead() {
        try (SshSession s = connect()) {
            HostState state = HostState.read(s);
            assertThat(state.release()).isEqualTo(Processes.check(null, "uname", "-r").strip());
            assertThat(state.managers()).contains("dpkg");
            // this machine has no foosched package: the awk filter must not let others through
            assertThat(state.packages()).isEmpty();
            List<String> log = KernelLog.read(s);
            assertThat(log).isNotEmpty();
            assertThat(KernelLog.markOf(log).lines()).isEqualTo(log.size());
        }
    }

    @Test
    void aDetachedOperationReportsItsOutputAndExitCode() {
        try (SshSession s = connect()) {
            String id = RemoteOperation.start(s, "test op", "echo one; echo two >&2; sleep 0.5; printf 'no newline'; exit 3");
            opIds.add(id);
            List<String> seen = new CopyOnWriteArrayList<>();
            RemoteOperation.Outcome out = RemoteOperation.await(s, id, Duration.ofSeconds(30),
                    (stream, line) -> seen.add(line), Progress.NONE);
            assertThat(out.exitCode()).isEqualTo(3);
            assertThat(out.log()).containsExactly("one", "two", "no newline");
            assertThat(seen).containsExactly("one", "two", "no newline");
            RemoteOperation.Record last = RemoteOperation.last(s).orElseThrow();
            assertThat(last.id()).isEqualTo(id);
            assertThat(last.what()).isEqualTo("test op");
            assertThat(last.state()).isEqualTo(RemoteOperation.State.FINISHED);
            assertThat(last.exitCode()).isEqualTo(3);
            assertThat(last.logTail()).containsExactly("one", "two", "no newline");
        }
    }

    @Test
    void aKilledOperationIsReportedAsInterrupted() throws Exception {
        try (SshSession s = connect()) {
            String id = RemoteOperation.start(s, "doomed op", "echo started; sleep 600");
            opIds.add(id);
            assertThat(RemoteOperation.last(s).orElseThrow().state()).isEqualTo(RemoteOperation.State.RUNNING);
            long pid = Long.parseLong(Files.readString(Path.of(RemoteOperation.BASE, id, "pid")).strip());
            // as if the host rebooted under it: the process vanishes without writing rc
            Processes.check(null, "kill", "-s", "KILL", "--", "-" + pid);
            RemoteOperation.Outcome out = RemoteOperation.await(s, id, Duration.ofSeconds(30), (a, b) -> { }, Progress.NONE);
            assertThat(out.exitCode()).isNull();
            assertThat(out.log()).containsExactly("started");
            assertThat(RemoteOperation.last(s).orElseThrow().state()).isEqualTo(RemoteOperation.State.INTERRUPTED);
        }
    }

    @Test
    void anOperationOutlivesADroppedConnectionAndAReconnectLearnsItsOutcome() {
        try (CuttableProxy proxy = new CuttableProxy("127.0.0.1", sshd.port())) {
            Host h = sshd.host("loop");
            Host via = new Host("loop", "127.0.0.1", proxy.port(), h.user(), h.identityFile(),
                    "[127.0.0.1]:" + proxy.port() + " " + h.knownHosts().split(" ", 2)[1], List.of());
            List<String> logged = new CopyOnWriteArrayList<>();
            Progress progress = new Progress() {
                @Override
                public void step(String what, double fraction) {
                }

                @Override
                public void log(String line) {
                    logged.add(line);
                    if (line.equals("loop| halfway") && proxy.cuts() == 0) {
                        proxy.cutAll();
                    }
                }
            };
            DeploySettings settings = DeploySettings.defaults().withReconnect(3, Duration.ofMillis(300));
            try (ConnectionHolder conn = new ConnectionHolder(new SshConnector(OPTIONS), via, settings, progress)) {
                String id = RemoteOperation.start(conn.session(), "long op",
                        "echo halfway; sleep 2; echo done; exit 7");
                opIds.add(id);
                RemoteOperation.Outcome out = conn.await(id, "long op");
                assertThat(out.exitCode()).isEqualTo(7);
                assertThat(out.log()).as("every line once, across the reconnect").containsExactly("halfway", "done");
            }
            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(logged).anyMatch(l -> l.startsWith("the connection to loop dropped during 'long op'; reconnecting"));
            assertThat(logged.stream().filter(l -> l.equals("loop| halfway")).count()).isEqualTo(1);
        }
    }

    @Test
    void reconnectingGivesUpClearlyWhenTheHostStaysAway() {
        CuttableProxy proxy = new CuttableProxy("127.0.0.1", sshd.port());
        Host h = sshd.host("loop");
        Host via = new Host("loop", "127.0.0.1", proxy.port(), h.user(), h.identityFile(),
                "[127.0.0.1]:" + proxy.port() + " " + h.knownHosts().split(" ", 2)[1], List.of());
        DeploySettings settings = DeploySettings.defaults().withReconnect(2, Duration.ofMillis(100));
        try (ConnectionHolder conn = new ConnectionHolder(new SshConnector(OPTIONS), via, settings, Progress.NONE)) {
            String id = RemoteOperation.start(conn.session(), "install foosched-x 1", "sleep 1; exit 0");
            opIds.add(id);
            proxy.close(); // the host vanishes for good
            assertThatThrownBy(() -> conn.await(id, "install foosched-x 1"))
                    .isInstanceOf(DeployException.class)
                    .hasMessageContaining("dropped during 'install foosched-x 1' and could not be re-established (2 attempts")
                    .hasMessageContaining("run foosched status --host loop to learn it; re-running is safe")
                    .extracting(e -> ((DeployException) e).reason()).isEqualTo(DeployException.Reason.OUTCOME_UNKNOWN);
        }
    }

    @Test
    void aPackageForAnotherKernelIsRefusedBeforeAnythingIsUploaded() throws IOException {
        Path ko = tmp.resolve("fs_testmod.ko");
        Files.writeString(ko, "placeholder\n");
        String release = Processes.check(null, "uname", "-r").strip();
        String other = release.equals("6.1.0-56-amd64") ? "6.1.0-55-amd64" : "6.1.0-56-amd64";
        PackageInfo pkg = PackageInspector.inspect(TestPackages.buildDeb(ko, other, "1.0-1", tmp.resolve("pkgs")));
        DeploymentHistory history = new DeploymentHistory(tmp.resolve("history.jsonl"));
        Deployer d = new Deployer(new SshConnector(OPTIONS), history, DeploySettings.defaults(), Progress.NONE);
        assertThatThrownBy(() -> d.deploy(pkg, sshd.host("loop")))
                .isInstanceOf(DeployException.class)
                .hasMessage("package foosched-fs-testmod 1.0-1 is built for Linux " + other + " but host loop runs "
                        + release + "; rebuild it for " + release + " or deploy it to a host running " + other);
        assertThat(Path.of("/var/tmp/foosched/packages", pkg.fileName())).doesNotExist();
        assertThat(history.read()).isEmpty();
    }

    @Test
    void rollbackWithNothingInstalledChangesNothingAndStatusIsConsistent() {
        DeploymentHistory history = new DeploymentHistory(tmp.resolve("h2.jsonl"));
        RollbackResult r = new RollbackRunner(new SshConnector(OPTIONS), history, DeploySettings.defaults(), Progress.NONE)
                .rollback(sshd.host("loop"));
        assertThat(r.removed()).isEmpty();
        assertThat(history.read()).isEmpty();
        HostStatus st = new StatusReader(new SshConnector(OPTIONS)).status(sshd.host("loop"));
        assertThat(st.packages()).isEmpty();
        assertThat(st.modules()).isEmpty();
        assertThat(st.lastLoad()).isNull();
    }

    @Test
    void unreachableHostFailsDeployWithTheSshMessage() {
        Host gone = new Host("testbed", "127.0.0.1", SshdFixture.freePort(), "root", sshd.clientKey().toString(), null,
                List.of("vm"));
        Deployer d = new Deployer(new SshConnector(OPTIONS), new DeploymentHistory(tmp.resolve("h3.jsonl")),
                DeploySettings.defaults(), Progress.NONE);
        PackageInfo pkg = new PackageInfo(tmp.resolve("x.deb"), PackageFormat.DEB, "x", "1", "amd64", "r", "m");
        assertThatThrownBy(() -> d.deploy(pkg, gone))
                .isInstanceOf(SshException.class)
                .hasMessageEndingWith("is unreachable: connection refused — is the VM running? (foosched vm start)");
    }
}
