package org.foosched.views.deploy;

import org.foosched.remote.deploy.DeploySettings;
import org.foosched.remote.deploy.DeploymentHistory;
import org.foosched.remote.deploy.MetricsPhase;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.hosts.HostInventory;
import org.foosched.remote.ssh.HostTrust;
import org.foosched.remote.ssh.SshOptions;
import org.foosched.remote.testing.Processes;
import org.foosched.remote.testing.SshAgentFixture;
import org.foosched.remote.testing.SshdFixture;
import org.foosched.remote.testing.TestPackages;
import org.foosched.views.testing.PumpedUi;
import org.foosched.views.workbench.WorkbenchContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy panel's view-model on the real deploy layer against a real OpenSSH sshd on
 * loopback (this machine, read-only: nothing is installed here): status and probe, trusting a
 * key only after its fingerprint was shown, a changed key refused, the agent, a refused deploy,
 * a host that goes away, the kernel log tail, and the downtime chart from a history file.
 */
class DeployViewModelSshTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path shared;
    static SshdFixture sshd;

    @TempDir
    Path tmp;
    PumpedUi ui;
    WorkbenchContext ctx;
    DeployViewModel vm;
    Path inventory;
    Path historyFile;

    @BeforeAll
    static void startSshd() {
        sshd = SshdFixture.start(shared.resolve("sshd"));
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void setUp() {
        inventory = tmp.resolve("hosts.yaml");
        historyFile = tmp.resolve("deployments.jsonl");
        ui = new PumpedUi();
        ctx = ui.context();
    }

    private DeployViewModel open(SshOptions options) {
        RemoteDeployBackend backend = new RemoteDeployBackend(inventory, historyFile, options,
                DeploySettings.defaults(), () -> {
                    throw new AssertionError("no VM in this test");
                });
        vm = new DeployViewModel(ctx, backend, Executors.newCachedThreadPool(WorkbenchContext.daemon("test-deploy")));
        return vm;
    }

    private DeployViewModel open() {
        return open(SshOptions.defaults().withAgentSocket(null).withConnectTimeout(Duration.ofSeconds(10)));
    }

    @AfterEach
    void tearDown() {
        if (vm != null) {
            vm.close();
        }
        ctx.shutdown();
    }

    private void save(Host... hosts) {
        HostInventory inv = HostInventory.load(inventory);
        for (Host h : hosts) {
            inv.put(h);
        }
        inv.save();
    }

    private HostEntry load(String name) {
        vm.reloadHosts();
        ui.pumpUntil(() -> vm.find(name).isPresent(), WAIT);
        HostEntry e = vm.find(name).orElseThrow();
        vm.selectedProperty().set(e);
        return e;
    }

    private void idle(HostEntry e) {
        ui.pumpUntil(() -> !e.isBusy(), WAIT);
    }

    private static String uname(String flag) {
        return Processes.check(null, "uname", flag).strip();
    }

    @Test
    void statusAndProbeOfARealHost() {
        save(sshd.host("loop"));
        open();
        HostEntry e = load("loop");
        assertThat(e.badge().kind()).isEqualTo(HostBadge.Kind.UNKNOWN);
        vm.refreshStatus();
        idle(e);
        assertThat(e.badge().kind()).as(e.badge().detail()).isEqualTo(HostBadge.Kind.REACHABLE);
        assertThat(e.badge().detail()).isEqualTo("Linux " + uname("-r") + "; no foosched package.");
        assertThat(vm.selectedHost().statusRows()).contains(InfoRow.of("kernel", uname("-r")),
                InfoRow.of("packages", "no foosched package"));

        vm.probe();
        idle(e);
        assertThat(e.probeProperty().get().release()).isEqualTo(uname("-r"));
        assertThat(vm.selectedHost().probeRows()).extracting(InfoRow::label).containsSubsequence("kernel", "CPUs", "threads",
                "lockdown", "live patches", "kpatch modules", "foosched modules", "free in /var/tmp",
                "package managers");
        assertThat(vm.selectedHost().probeRows()).contains(InfoRow.of("kernel", uname("-r") + " (" + uname("-m") + ")"),
                InfoRow.of("CPUs", String.valueOf(Runtime.getRuntime().availableProcessors())));
        assertThat(vm.selectedHost().probeRows()).filteredOn(r -> r.label().equals("threads")).singleElement()
                .satisfies(r -> assertThat(Integer.parseInt(r.value())).isGreaterThan(10));
        assertThat(e.resultProperty().get()).contains("Linux " + uname("-r"));
        assertThat(e.badge().kind()).as("status read after the probe too").isEqualTo(HostBadge.Kind.REACHABLE);
    }

    @Test
    void aNewHostsKeyIsRefusedUntilItsFingerprintWasShownAndAccepted() throws Exception {
        open();
        assertThat(vm.addHost("lab1", "127.0.0.1", String.valueOf(sshd.port()), System.getProperty("user.name"),
                sshd.clientKey().toString(), false)).isNull();
        ui.pumpUntil(() -> vm.find("lab1").isPresent(), WAIT);
        HostEntry e = vm.find("lab1").orElseThrow();
        assertThat(vm.selectedProperty().get()).isSameAs(e);
        assertThat(HostInventory.load(inventory).require("lab1").knownHosts()).isNull();
        String expected = Processes.fingerprint(sshd.hostPublicKey());

        // connecting never learns a key: refused, with the fingerprint
        vm.refreshStatus();
        idle(e);
        assertThat(e.badge().kind()).isEqualTo(HostBadge.Kind.ERROR);
        assertThat(e.badge().label()).isEqualTo("key not trusted");
        assertThat(e.badge().detail()).contains("is not trusted yet: " + expected);

        // the question shows the key; declining records nothing
        vm.examineKey();
        idle(e);
        TrustPrompt prompt = vm.trustPromptProperty().get();
        assertThat(prompt).isNotNull();
        assertThat(prompt.fingerprint()).isEqualTo(expected);
        assertThat(prompt.status()).isEqualTo(HostTrust.Status.NEW);
        assertThat(prompt.question()).contains("presents the ssh-ed25519 key " + expected);
        vm.rejectTrust();
        assertThat(vm.trustPromptProperty().get()).isNull();
        assertThat(e.resultProperty().get()).isEqualTo("not trusted: ssh-ed25519 " + expected
                + " was not recorded, so connections to lab1 stay refused");
        assertThat(HostInventory.load(inventory).require("lab1").knownHosts()).isNull();
        assertThat(vm.confirmTrust()).as("no question pending").isFalse();

        // accepting records exactly that key, then the status is read
        vm.examineKey();
        idle(e);
        assertThat(vm.confirmTrust()).isTrue();
        idle(e);
        assertThat(e.resultProperty().get()).isEqualTo("trusted ssh-ed25519 " + expected + " for host lab1");
        assertThat(HostInventory.load(inventory).require("lab1").knownHosts())
                .isEqualTo(sshd.knownHostsLine());
        assertThat(e.badge().kind()).as(e.badge().detail()).isEqualTo(HostBadge.Kind.REACHABLE);

        // asking again: nothing to decide
        vm.examineKey();
        idle(e);
        assertThat(vm.trustPromptProperty().get()).isNull();
        assertThat(e.resultProperty().get()).isEqualTo("the key ssh-ed25519 " + expected + " is trusted already");
    }

    @Test
    void aChangedKeyIsRefusedWithBothFingerprintsAndReplacedOnlyWhenConfirmed() throws Exception {
        Path other = Processes.keyPair(tmp.resolve("other_host_key"));
        String[] pub = Files.readString(Path.of(other + ".pub")).strip().split("\\s+");
        Host h = sshd.host("lab2");
        save(new Host("lab2", h.address(), h.port(), h.user(), h.identityFile(),
                "[127.0.0.1]:" + h.port() + " " + pub[0] + " " + pub[1], List.of()));
        open();
        HostEntry e = load("lab2");
        String presented = Processes.fingerprint(sshd.hostPublicKey());
        String recorded = Processes.fingerprint(Path.of(other + ".pub"));

        vm.refreshStatus();
        idle(e);
        assertThat(e.badge().label()).isEqualTo("key changed: refused");
        assertThat(e.badge().detail()).contains("changed: " + presented).contains("recorded " + recorded);

        vm.examineKey();
        idle(e);
        TrustPrompt prompt = vm.trustPromptProperty().get();
        assertThat(prompt.changed()).isTrue();
        assertThat(prompt.question()).contains(presented).contains(recorded + " is recorded: the key CHANGED");
        String before = Files.readString(inventory);
        vm.rejectTrust();
        assertThat(Files.readString(inventory)).isEqualTo(before);

        vm.examineKey();
        idle(e);
        vm.confirmTrust();
        idle(e);
        assertThat(e.resultProperty().get()).endsWith("(replacing the recorded key)");
        assertThat(HostInventory.load(inventory).require("lab2").knownHosts()).isEqualTo(sshd.knownHostsLine());
        assertThat(e.badge().kind()).isEqualTo(HostBadge.Kind.REACHABLE);
    }

    @Test
    void aHostReachedThroughTheSshAgent() throws Exception {
        try (SshAgentFixture agent = SshAgentFixture.start(tmp.resolve("agent"))) {
            agent.add(sshd.clientKey());
            open(SshOptions.defaults().withAgentSocket(agent.socket()).withConnectTimeout(Duration.ofSeconds(10)));
            assertThat(vm.addHost("viaagent", "127.0.0.1", String.valueOf(sshd.port()), System.getProperty("user.name"),
                    "", true)).isNull();
            ui.pumpUntil(() -> vm.find("viaagent").isPresent(), WAIT);
            HostEntry e = vm.find("viaagent").orElseThrow();
            assertThat(HostInventory.load(inventory).require("viaagent").usesAgent()).isTrue();
            vm.examineKey();
            idle(e);
            vm.confirmTrust();
            idle(e);
            assertThat(e.badge().kind()).as(e.badge().detail()).isEqualTo(HostBadge.Kind.REACHABLE);
        }
    }

    @Test
    void aDeployTheLayerRefusesIsRefusedInThePanelAndNothingIsUploaded() throws Exception {
        Path ko = Files.writeString(tmp.resolve("fs_testmod.ko"), "placeholder\n");
        String release = uname("-r");
        String other = release.equals("6.1.0-56-amd64") ? "6.1.0-55-amd64" : "6.1.0-56-amd64";
        Path deb = TestPackages.buildDeb(ko, other, "1.0-1", tmp.resolve("pkgs"));
        save(sshd.host("loop"));
        open();
        HostEntry e = load("loop");
        vm.chosenPackageProperty().set(deb);
        ui.pumpUntil(() -> vm.packageDescriptionProperty().get().equals(deb.toString()), WAIT);
        vm.deploy();
        idle(e);
        assertThat(e.resultProperty().get()).isEqualTo("deploy refused: package foosched-fs-testmod 1.0-1 is built for "
                + "Linux " + other + " but host loop runs " + release + "; rebuild it for " + release
                + " or deploy it to a host running " + other);
        assertThat(Path.of("/var/tmp/foosched/packages", deb.getFileName().toString())).doesNotExist();
        assertThat(new DeploymentHistory(historyFile).read()).isEmpty();
        assertThat(e.badge().kind()).isEqualTo(HostBadge.Kind.REACHABLE);
        assertThat(vm.console()).anySatisfy(l -> assertThat(l).startsWith("loop: DEB package foosched-fs-testmod 1.0-1, "
                + "module fs_testmod, for Linux " + other));
        assertThat(ctx.log().lines()).noneMatch(l -> l.contains("\tat ") || l.contains("Exception"));

        // a rollback with nothing installed changes nothing and says so
        vm.rollback();
        idle(e);
        assertThat(e.resultProperty().get()).isEqualTo("nothing to roll back on loop: no foosched package is installed");
        assertThat(new DeploymentHistory(historyFile).read()).isEmpty();
    }

    @Test
    void aHostThatGoesAwayIsShownAsUnreachable() {
        try (SshdFixture own = SshdFixture.start(tmp.resolve("own-sshd"))) {
            save(own.host("fragile"));
            open();
            HostEntry e = load("fragile");
            vm.refreshStatus();
            idle(e);
            assertThat(e.badge().kind()).isEqualTo(HostBadge.Kind.REACHABLE);
            own.close();
            vm.refreshStatus();
            idle(e);
            assertThat(e.badge().kind()).isEqualTo(HostBadge.Kind.ERROR);
            assertThat(e.badge().label()).isEqualTo("unreachable");
            assertThat(e.badge().detail()).contains("is unreachable: connection refused");
            assertThat(e.statusProperty().get()).isNull();
            vm.probe();
            idle(e);
            assertThat(e.resultProperty().get()).startsWith("probe failed: host fragile (127.0.0.1:")
                    .contains("is unreachable: connection refused");
            assertThat(vm.selectedHost().probeRows()).isEmpty();
        }
    }

    @Test
    void theKernelLogIsFollowedUntilStopped() {
        save(sshd.host("loop"));
        open();
        load("loop");
        assertThat(vm.follow()).isTrue();
        assertThat(vm.kernelLog().followingProperty().get()).isTrue();
        assertThat(vm.kernelLog().hostProperty().get()).isEqualTo("loop");
        assertThat(vm.follow()).as("one tail at a time").isFalse();
        // this machine's kernel log, as dmesg prints it
        ui.pumpUntil(() -> vm.kernelLog().lines().size() > 5, WAIT);
        assertThat(vm.kernelLog().lines()).anySatisfy(l -> assertThat(l).matches("^\\[ *[0-9]+\\.[0-9]+\\] .*"));
        vm.kernelLog().stop();
        ui.pumpUntil(() -> !vm.kernelLog().followingProperty().get(), WAIT);
        ui.pumpUntil(() -> vm.kernelLog().lines().get(vm.kernelLog().lines().size() - 1).equals("— stopped following loop"), WAIT);
    }

    @Test
    void theDowntimeChartComesFromTheHistoryFilePerHost() {
        DeploymentHistory history = new DeploymentHistory(historyFile);
        history.append(DowntimeHistoryTest.deploy("2026-11-27T04:00:00Z", "loop", "1.0.0", "installed", 16_000));
        history.append(DowntimeHistoryTest.rollback("2026-11-27T04:00:20Z", "loop", "1.0.0", 8_800));
        history.append(DowntimeHistoryTest.deploy("2026-11-27T04:01:00Z", "other", "1.0.0", "installed", 900));
        history.append(DowntimeHistoryTest.deploy("2026-11-27T04:02:00Z", "loop", "1.0.1", "installed", 16_500));
        save(sshd.host("loop"), sshd.host("other"));
        open();
        HostEntry loop = load("loop");
        vm.refreshHistory();
        ui.pumpUntil(() -> vm.chartProperty().get().loads().size() == 2, WAIT);
        DowntimeHistory.Chart c = vm.chartProperty().get();
        assertThat(c.host()).isEqualTo("loop");
        assertThat(c.points(MetricsPhase.LOAD)).extracting(p -> DowntimeHistory.millis(DowntimeMetric.STOP_MACHINE
                .nanos(p.metrics()))).containsExactly(16.0, 16.5);
        assertThat(c.points(MetricsPhase.UNLOAD)).extracting(p -> DowntimeHistory.millis(DowntimeMetric.ALL
                .nanos(p.metrics()))).containsExactly(10.8);
        assertThat(vm.latestMetrics()).contains(new DowntimeHistory.Row("stop machine (downtime)", "16.500 ms", "8.800 ms"));

        vm.selectedProperty().set(vm.find("other").orElseThrow());
        assertThat(vm.chartProperty().get().loads()).hasSize(1);
        assertThat(vm.chartProperty().get().unloads()).isEmpty();
        vm.selectedProperty().set(loop);
        assertThat(vm.chartProperty().get().loads()).hasSize(2);

        // an operation re-reads the history: a record appended by the CLI meanwhile appears
        history.append(DowntimeHistoryTest.rollback("2026-11-27T04:03:00Z", "loop", "1.0.1", 9_100));
        vm.rollback();
        idle(loop);
        assertThat(vm.chartProperty().get().unloads()).hasSize(2);
    }
}
