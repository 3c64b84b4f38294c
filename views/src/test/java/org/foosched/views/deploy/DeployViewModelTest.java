package org.foosched.views.deploy;

import org.foosched.remote.deploy.DeployException;
import org.foosched.remote.deploy.DeployResult;
import org.foosched.remote.deploy.ModuleState;
import org.foosched.remote.deploy.PackageFormat;
import org.foosched.remote.deploy.SchedulerMetrics;
import org.foosched.remote.deploy.MetricsPhase;
import org.foosched.remote.ssh.SshException;
import org.foosched.views.testing.PumpedUi;
import org.foosched.views.workbench.WorkbenchContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The panel's own logic, on a stand-in for the deploy layer: one operation per host, cancel
 * only while it is safe, refusals and failures shown as sentences, and the state after a
 * failure read again rather than assumed.
 */
class DeployViewModelTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path tmp;

    PumpedUi ui;
    WorkbenchContext ctx;
    FakeDeployBackend backend;
    DeployViewModel vm;

    @BeforeEach
    void setUp() throws Exception {
        ui = new PumpedUi();
        ctx = ui.context();
        backend = new FakeDeployBackend();
        backend.inventory.put("lab1", FakeDeployBackend.labHost("lab1"));
        backend.inventory.put("lab2", FakeDeployBackend.labHost("lab2"));
        vm = new DeployViewModel(ctx, backend, Executors.newCachedThreadPool(WorkbenchContext.daemon("test-deploy")));
        Path pkg = Files.writeString(tmp.resolve("scheduler_1.0.0_amd64.deb"), "not really a package");
        vm.chosenPackageProperty().set(pkg);
        vm.reloadHosts();
        ui.pumpUntil(() -> vm.hosts().size() == 2, WAIT);
    }

    @AfterEach
    void tearDown() {
        vm.close();
        ctx.shutdown();
    }

    private HostEntry select(String name) {
        HostEntry e = vm.find(name).orElseThrow();
        vm.selectedProperty().set(e);
        return e;
    }

    private void idle(HostEntry e) {
        ui.pumpUntil(() -> !e.isBusy(), WAIT);
    }

    static DeployResult installed(String host) {
        return new DeployResult(host, "6.1.0-56-amd64", "scheduler", "1.0.0", "scheduler", "installed",
                new SchedulerMetrics("scheduler", MetricsPhase.LOAD, 11.7, 100L, 2, 67, 16_493_530L, 10_380_530L,
                        1_350_820L, 18_571_940L), 7000, List.of());
    }

    @Test
    void oneOperationPerHostAtATimeButHostsRunSideBySide() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch inside = new CountDownLatch(1);
        backend.deploy = (h, p) -> {
            inside.countDown();
            assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
            return installed(h.name());
        };
        HostEntry lab1 = select("lab1");
        assertThat(vm.deploy()).isTrue();
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        ui.pump();
        assertThat(lab1.busyProperty().get()).isEqualTo("deploying");
        assertThat(vm.selectedHost().busyProperty().get()).isEqualTo("deploying");

        // a second operation on the same host is refused, with the reason, and never reaches the host
        assertThat(vm.probe()).isFalse();
        assertThat(vm.rollback()).isFalse();
        assertThat(vm.messageProperty().get()).isEqualTo("host lab1 is busy (deploying); one operation per host at a time");
        assertThat(backend.calls).doesNotContain("probe lab1", "rollback lab1");
        assertThat(vm.removeSelected()).as("not removed while deploying").isFalse();

        // another host is free
        backend.probe = (h, p) -> new org.foosched.remote.deploy.HostProbe(h.name(), "6.1.0-56-amd64", "x86_64", 2, 70,
                "none", List.of(), List.of(), List.of(), java.util.Map.of("/var/tmp", 1L << 30), List.of("dpkg"));
        HostEntry lab2 = select("lab2");
        assertThat(vm.probe()).isTrue();
        idle(lab2);
        assertThat(lab2.resultProperty().get()).startsWith("probed lab2 at ").endsWith(": Linux 6.1.0-56-amd64, 2 CPUs, 70 threads");
        assertThat(lab1.isBusy()).as("lab1 still deploying meanwhile").isTrue();

        release.countDown();
        idle(lab1);
        assertThat(lab1.resultProperty().get()).startsWith("deployed scheduler 1.0.0 on lab1 (Linux 6.1.0-56-amd64) in 7.0 s; "
                + "module scheduler enabled; load: stop machine 16.494 ms, all 18.572 ms (2 CPUs, 67 threads)");
        assertThat(backend.calls).containsSubsequence("deploy lab1", "status lab1");
    }

    @Test
    void aRefusedDeployIsASentenceInThePanelAndTheStatusIsReadAgain() {
        backend.deploy = (h, p) -> {
            throw new DeployException(DeployException.Reason.RELEASE_MISMATCH, "package scheduler 1.0.0 is built for Linux "
                    + "6.1.0-55-amd64 but host lab1 runs 6.1.0-56-amd64; rebuild it for 6.1.0-56-amd64 or deploy it to a "
                    + "host running 6.1.0-55-amd64");
        };
        backend.status = (h, p) -> FakeDeployBackend.status(h.name(), List.of());
        HostEntry lab1 = select("lab1");
        vm.deploy();
        idle(lab1);
        assertThat(lab1.resultProperty().get()).isEqualTo("deploy refused: package scheduler 1.0.0 is built for Linux "
                + "6.1.0-55-amd64 but host lab1 runs 6.1.0-56-amd64; rebuild it for 6.1.0-56-amd64 or deploy it to a host "
                + "running 6.1.0-55-amd64");
        assertThat(lab1.badge().kind()).isEqualTo(HostBadge.Kind.REACHABLE);
        assertThat(ctx.log().lines()).noneMatch(l -> l.contains("Exception") || l.contains("\tat "));
    }

    @Test
    void afterADroppedConnectionThePanelSaysWhatItKnowsAndWhatItDoesNot() {
        backend.status = (h, p) -> FakeDeployBackend.status(h.name(), List.of(new ModuleState("scheduler", true, true)));
        HostEntry lab1 = select("lab1");
        vm.refreshStatus();
        idle(lab1);
        assertThat(lab1.badge().kind()).isEqualTo(HostBadge.Kind.ENABLED);
        assertThat(lab1.badge().label()).isEqualTo("enabled: scheduler");

        backend.rollback = (h, p) -> {
            throw new DeployException(DeployException.Reason.OUTCOME_UNKNOWN, "the connection to host lab1 (10.0.0.5:22) "
                    + "dropped during 'remove scheduler 1.0.0' and could not be re-established (5 attempts; last: …); the "
                    + "operation goes on on the host and records its outcome — run foosched status --host lab1 to learn it; "
                    + "re-running is safe");
        };
        backend.status = (h, p) -> {
            throw new SshException(SshException.Reason.UNREACHABLE, "host lab1 (10.0.0.5:22) is unreachable: no answer "
                    + "within 15 s — is the host up and sshd listening on port 22?");
        };
        vm.rollback();
        idle(lab1);
        assertThat(lab1.resultProperty().get()).startsWith("rollback failed: the connection to host lab1")
                .contains("run foosched status --host lab1 to learn it");
        // the last status read is not shown as current: the badge says the host cannot be reached
        assertThat(lab1.badge().kind()).isEqualTo(HostBadge.Kind.ERROR);
        assertThat(lab1.badge().label()).isEqualTo("unreachable");
        assertThat(lab1.statusProperty().get()).isNull();
        assertThat(lab1.statusRows()).singleElement().satisfies(r -> {
            assertThat(r.warning()).isTrue();
            assertThat(r.value()).contains("is unreachable: no answer within 15 s");
        });
        assertThat(lab1.isBusy()).isFalse();
        assertThat(vm.selectedHost().resultProperty().get()).isEqualTo(lab1.resultProperty().get());

        // once the host answers again, a refresh shows how the removal ended
        backend.status = (h, p) -> FakeDeployBackend.status(h.name(), List.of());
        vm.refreshStatus();
        idle(lab1);
        assertThat(lab1.badge().kind()).isEqualTo(HostBadge.Kind.REACHABLE);
    }

    @Test
    void cancelIsOfferedWhileUploadingAndNotOnceThePackageManagerRuns() throws Exception {
        CountDownLatch uploading = new CountDownLatch(1);
        backend.deploy = (h, p) -> {
            p.step("connecting to " + h.name(), 0.02);
            p.step("uploading scheduler_1.0.0_amd64.deb", 0.1);
            uploading.countDown();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!p.isCancelled()) {
                if (System.nanoTime() > end) {
                    throw new AssertionError("never cancelled");
                }
                Thread.sleep(10);
            }
            throw new SshException(SshException.Reason.CANCELLED, "upload of scheduler_1.0.0_amd64.deb to host lab1 "
                    + "cancelled; the partial copy is removed by the next upload");
        };
        HostEntry lab1 = select("lab1");
        assertThat(vm.cancel()).as("nothing runs").isFalse();
        vm.deploy();
        assertThat(uploading.await(10, TimeUnit.SECONDS)).isTrue();
        ui.pumpUntil(() -> vm.selectedHost().cancellableProperty().get(), WAIT);
        assertThat(vm.cancel()).isTrue();
        idle(lab1);
        assertThat(lab1.resultProperty().get()).isEqualTo("deploy cancelled: upload of scheduler_1.0.0_amd64.deb to host "
                + "lab1 cancelled; the partial copy is removed by the next upload");
        assertThat(vm.selectedHost().cancellableProperty().get()).isFalse();

        // once installing, a cancel is not passed on: the install is followed to its end
        CountDownLatch installing = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        backend.deploy = (h, p) -> {
            p.step("uploading x", 0.1);
            p.step("installing scheduler 1.0.0 on lab1", 0.6);
            installing.countDown();
            assertThat(go.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.isCancelled()).as("the install is not interrupted").isFalse();
            return installed(h.name());
        };
        vm.deploy();
        assertThat(installing.await(10, TimeUnit.SECONDS)).isTrue();
        ui.pump();
        Thread.sleep(50);
        ui.pump();
        assertThat(vm.selectedHost().cancellableProperty().get()).isFalse();
        assertThat(vm.cancel()).isFalse();
        lab1.progress().cancel(); // even a cancel that slips through does not stop it
        go.countDown();
        idle(lab1);
        assertThat(lab1.resultProperty().get()).startsWith("deployed scheduler 1.0.0 on lab1")
                .endsWith("(Cancel came after the install had started on the host; it ran to its end)");
    }

    @Test
    void theWorkspacesLatestPackageOfTheChosenFormatIsTaken() throws Exception {
        vm.chosenPackageProperty().set(null);
        vm.formatProperty().set(PackageFormat.RPM);
        ui.pumpUntil(() -> vm.packageDescriptionProperty().get().startsWith("no workspace is open"), WAIT);
        backend.deploy = (h, p) -> installed(h.name());
        HostEntry lab1 = select("lab1");
        vm.deploy();
        idle(lab1);
        assertThat(lab1.resultProperty().get()).isEqualTo("deploy refused: no workspace is open and no package file is "
                + "chosen; choose a package file");
        assertThat(backend.calls).noneMatch(c -> c.startsWith("deploy "));
    }

    @Test
    void addingAHostChecksTheFieldsAndSavesIt() throws Exception {
        assertThat(vm.addHost("9 lives", "x", "22", "root", "k", false)).startsWith("name: give 1 to 64 letters");
        assertThat(vm.addHost("lab3", " ", "22", "root", "k", false)).startsWith("address:");
        assertThat(vm.addHost("lab3", "10.0.0.9", "70000", "root", "k", false)).isEqualTo("port: 70000 is not a TCP port (1–65535)");
        assertThat(vm.addHost("lab3", "10.0.0.9", "x", "root", "k", false)).isEqualTo("port: 'x' is not a number");
        assertThat(vm.addHost("lab3", "10.0.0.9", "22", "root", "", false)).startsWith("identity file: choose");
        // a key file that does not exist is refused before anything is saved
        assertThat(vm.addHost("lab3", "10.0.0.9", "22", "root", tmp.resolve("nope").toString(), false)).isNull();
        ui.pumpUntil(() -> vm.messageProperty().get().startsWith("host lab3 not saved"), WAIT);
        assertThat(vm.messageProperty().get()).contains("does not exist or is not readable");
        assertThat(backend.inventory).doesNotContainKey("lab3");

        assertThat(vm.addHost("lab3", "10.0.0.9", "2222", "", null, true)).isNull();
        ui.pumpUntil(() -> vm.find("lab3").isPresent() && vm.selectedProperty().get() == vm.find("lab3").get(), WAIT);
        assertThat(backend.inventory.get("lab3")).satisfies(h -> {
            assertThat(h.port()).isEqualTo(2222);
            assertThat(h.user()).isEqualTo("root");
            assertThat(h.usesAgent()).isTrue();
            assertThat(h.knownHosts()).isNull();
        });
        assertThat(vm.messageProperty().get()).isEqualTo("host lab3 (10.0.0.9:2222) saved; check its key with Trust key… "
                + "before anything connects");
        assertThat(vm.find("lab3").get().badge().kind()).isEqualTo(HostBadge.Kind.UNKNOWN);

        assertThat(vm.removeSelected()).isTrue();
        ui.pumpUntil(() -> vm.find("lab3").isEmpty(), WAIT);
        assertThat(backend.inventory).doesNotContainKey("lab3");
    }
}
