package org.foosched.remote.e2e;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.deploy.DeployException;
import org.foosched.remote.deploy.DeployResult;
import org.foosched.remote.deploy.DeploySettings;
import org.foosched.remote.deploy.Deployer;
import org.foosched.remote.deploy.DeploymentHistory;
import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.HostProbe;
import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.deploy.InstalledPackage;
import org.foosched.remote.deploy.MetricsParser;
import org.foosched.remote.deploy.MetricsPhase;
import org.foosched.remote.deploy.ModuleState;
import org.foosched.remote.deploy.PackageInfo;
import org.foosched.remote.deploy.PackageInspector;
import org.foosched.remote.deploy.Prober;
import org.foosched.remote.deploy.RemoteOperation;
import org.foosched.remote.deploy.RollbackResult;
import org.foosched.remote.deploy.RollbackRunner;
import org.foosched.remote.deploy.SchedulerMetrics;
import org.foosched.remote.deploy.StatusReader;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.ssh.HostTrust;
import org.foosched.remote.ssh.SshConnector;
import org.foosched.remote.ssh.SshException;
import org.foosched.remote.ssh.SshOptions;
import org.foosched.remote.ssh.SshSession;
import org.foosched.remote.testing.CuttableProxy;
import org.foosched.remote.testing.KernelKit;
import org.foosched.remote.testing.Processes;
import org.foosched.remote.testing.QemuGuest;
import org.foosched.remote.testing.TestPackages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Deploy → status → rollback of the test module's DEB on Debian's stock kernel in a QEMU guest
 * reached over a real sshd, with the failure cases a lab host gives: an untrusted key, a
 * package for another kernel, another version installed, a broken package, and connections
 * dropped in the middle of an install.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GuestDeployE2ETest {

    @TempDir
    static Path tmp;
    static KernelKit kit;
    static QemuGuest guest;
    static Host host;
    static PackageInfo v1;
    static PackageInfo v2;
    static PackageInfo wrongRelease;
    static PackageInfo broken;
    static DeploymentHistory history;
    static final SshOptions OPTIONS = SshOptions.defaults().withAgentSocket(null)
            .withConnectTimeout(Duration.ofSeconds(30)).withCommandTimeout(Duration.ofSeconds(120));
    static final DeploySettings SETTINGS = DeploySettings.defaults().withReconnect(5, Duration.ofSeconds(1));
    static final List<String> timings = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void bootGuestAndBuildPackages() throws IOException {
        kit = KernelKit.locate();
        long t0 = System.nanoTime();
        Path ko = kit.buildTestModule(tmp.resolve("module"));
        timings.add("module build: " + ms(t0) + " ms");
        Path pkgs = tmp.resolve("pkgs");
        v1 = PackageInspector.inspect(TestPackages.buildDeb(ko, kit.release(), "1.0-1", pkgs));
        v2 = PackageInspector.inspect(TestPackages.buildDeb(ko, kit.release(), "1.0-2", pkgs));
        wrongRelease = PackageInspector.inspect(TestPackages.buildDeb(ko, "6.1.0-1-amd64", "1.0-1",
                tmp.resolve("wrong")));
        Path garbage = tmp.resolve("broken/fs_testmod.ko");
        Files.createDirectories(garbage.getParent());
        Files.writeString(garbage, "this is not an ELF module\n");
        broken = PackageInspector.inspect(TestPackages.buildDeb(garbage, kit.release(), "0.0-broken", tmp.resolve("brokenpkg")));
        history = new DeploymentHistory(tmp.resolve("share/deployments.jsonl"));

        guest = QemuGuest.boot(kit, tmp.resolve("guest"));
        timings.add("guest boot to sshd (TCG, 2 vCPUs): " + guest.bootMillis() + " ms");
        host = guest.host("guest");
    }

    @AfterAll
    static void shutDown() {
        if (guest != null) {
            guest.close();
        }
        timings.forEach(t -> System.out.println("[e2e timing] " + t));
    }

    static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static SshConnector connector() {
        return new SshConnector(OPTIONS);
    }

    static Deployer deployer(Progress progress) {
        return new Deployer(connector(), history, SETTINGS, progress);
    }

    static RollbackRunner rollbacker() {
        return new RollbackRunner(connector(), history, SETTINGS, Progress.NONE);
    }

    static String guestShell(String script) {
        try (SshSession s = connector().connect(host)) {
            return s.run(script).stdout();
        }
    }

    @Test
    @Order(1)
    void theGuestKeyIsRefusedUntilTrusted() {
        String fingerprint = Processes.fingerprint(guest.hostPublicKey());
        assertThatThrownBy(() -> connector().connect(host))
                .isInstanceOf(SshException.class)
                .hasMessageContaining("host key of host guest (127.0.0.1:" + guest.port() + ") is not trusted yet: "
                        + fingerprint);
        HostTrust.Examination ex = new HostTrust(connector()).examine(host);
        assertThat(ex.presented().fingerprint()).isEqualTo(fingerprint);
        host = HostTrust.record(ex, false);
        assertThat(guestShell("uname -r").strip()).isEqualTo(kit.release());
    }

    @Test
    @Order(2)
    void probeSeesTheStockKernel() {
        long t0 = System.nanoTime();
        HostProbe p;
        try (SshSession s = connector().connect(host)) {
            p = Prober.probe(s);
        }
        timings.add("probe (connect + probe script): " + ms(t0) + " ms");
        assertThat(p.release()).isEqualTo(kit.release());
        assertThat(p.architecture()).isEqualTo("x86_64");
        assertThat(p.cpus()).isEqualTo(2);
        assertThat(p.threads()).isGreaterThan(20);
        assertThat(p.lockdown()).isEqualTo("none");
        assertThat(p.fooschedModules()).isEmpty();
        assertThat(p.livepatches()).isEmpty();
        assertThat(p.freeBytes().get("/var/tmp")).isGreaterThan(10L << 20);
        assertThat(p.packageManagers()).contains("dpkg");
    }

    @Test
    @Order(3)
    void aPackageForAnotherKernelIsRefusedAndNothingIsUploaded() {
        assertThatThrownBy(() -> deployer(Progress.NONE).deploy(wrongRelease, host))
                .isInstanceOf(DeployException.class)
                .hasMessage("package foosched-fs-testmod 1.0-1 is built for Linux 6.1.0-1-amd64 but host guest runs "
                        + kit.release() + "; rebuild it for " + kit.release() + " or deploy it to a host running 6.1.0-1-amd64");
        assertThat(guestShell("ls /var/tmp/foosched/packages 2>/dev/null | wc -l").strip()).isEqualTo("0");
    }

    @Test
    @Order(4)
    void deployInstallsEnablesAndReportsTheLoadMetrics() {
        long t0 = System.nanoTime();
        DeployResult r = deployer(Progress.NONE).deploy(v1, host);
        timings.add("deploy 1.0-1 (connect, checks, upload, dpkg -i, enabled, metrics): " + ms(t0) + " ms");
        assertThat(r.outcome()).isEqualTo("installed");
        assertThat(r.hostRelease()).isEqualTo(kit.release());
        assertThat(r.installLog()).anyMatch(l -> l.contains("Setting up foosched-fs-testmod (1.0-1)"));
        SchedulerMetrics m = r.metrics();
        assertThat(m).isNotNull();
        assertThat(m.complete()).isTrue();
        assertThat(m.source()).isEqualTo("fs_testmod");
        assertThat(m.phase()).isEqualTo(MetricsPhase.LOAD);
        assertThat(m.cpus()).isEqualTo(2);
        assertThat(m.threads()).isGreaterThan(20);
        assertThat(m.stopMachineNs()).isPositive().isGreaterThanOrEqualTo(m.stopHandlerNs());
        assertThat(m.totalNs()).isGreaterThanOrEqualTo(m.stopMachineNs());
        assertThat(m.initializationNs()).isPositive();
        timings.add("load metrics: stop machine " + m.stopMachineNs() + " ns, handler " + m.stopHandlerNs()
                + " ns, stack check " + m.stackCheckNs() + " ns, all " + m.totalNs() + " ns, threads " + m.threads());

        assertThat(guestShell("cat /sys/kernel/foosched/fs_testmod/enable").strip()).isEqualTo("1");
        List<DeploymentRecord> h = history.read();
        assertThat(h).last().satisfies(rec -> {
            assertThat(rec.action()).isEqualTo("deploy");
            assertThat(rec.host()).isEqualTo("guest");
            assertThat(rec.packageVersion()).isEqualTo("1.0-1");
            assertThat(rec.metrics()).isEqualTo(m);
        });

        long t1 = System.nanoTime();
        HostStatus st = new StatusReader(connector()).status(host);
        timings.add("status: " + ms(t1) + " ms");
        assertThat(st.packages()).extracting(InstalledPackage::name, InstalledPackage::version, InstalledPackage::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("foosched-fs-testmod", "1.0-1", "installed"));
        assertThat(st.modules()).containsExactly(new ModuleState("fs_testmod", true, true));
        assertThat(st.lastOperation().state()).isEqualTo(RemoteOperation.State.FINISHED);
        assertThat(st.lastOperation().exitCode()).isZero();
        assertThat(st.lastLoad()).isEqualTo(m);
        assertThat(st.problems()).isEmpty();
    }

    @Test
    @Order(5)
    void deployingTheSameVersionAgainChangesNothing() {
        int loadsBefore = loadsInKernelLog();
        DeployResult r = deployer(Progress.NONE).deploy(v1, host);
        assertThat(r.outcome()).isEqualTo("already-installed");
        assertThat(r.metrics()).isNotNull();
        assertThat(loadsInKernelLog()).as("the module was not loaded again").isEqualTo(loadsBefore);
    }

    @Test
    @Order(6)
    void anotherVersionIsRefusedUntilRolledBack() {
        assertThatThrownBy(() -> deployer(Progress.NONE).deploy(v2, host))
                .isInstanceOf(DeployException.class)
                .hasMessage("host guest has foosched-fs-testmod 1.0-1 installed, not 1.0-2; roll back first "
                        + "(foosched rollback --host guest), then deploy " + v2.fileName())
                .extracting(e -> ((DeployException) e).reason()).isEqualTo(DeployException.Reason.CONFLICT);
    }

    @Test
    @Order(7)
    void rollbackRemovesThePackageAndTheModuleReportsItsUnload() {
        long t0 = System.nanoTime();
        RollbackResult r = rollbacker().rollback(host);
        timings.add("rollback (dpkg -r, module gone, metrics): " + ms(t0) + " ms");
        assertThat(r.removed()).extracting(InstalledPackage::name).containsExactly("foosched-fs-testmod");
        assertThat(r.metrics()).isNotNull();
        assertThat(r.metrics().phase()).isEqualTo(MetricsPhase.UNLOAD);
        assertThat(r.metrics().complete()).isTrue();
        timings.add("unload metrics: stop machine " + r.metrics().stopMachineNs() + " ns, all " + r.metrics().totalNs() + " ns");
        assertThat(guestShell("ls /sys/kernel/foosched 2>&1; grep -c fs_testmod /proc/modules").strip())
                .endsWith("0").contains("No such file or directory");

        HostStatus st = new StatusReader(connector()).status(host);
        assertThat(st.packages()).isEmpty();
        assertThat(st.modules()).isEmpty();
        assertThat(st.problems()).isEmpty();
        assertThat(st.lastUnload()).isEqualTo(r.metrics());
        assertThat(history.read()).last().extracting(DeploymentRecord::action).isEqualTo("rollback");

        RollbackResult again = rollbacker().rollback(host);
        assertThat(again.removed()).as("nothing left to roll back").isEmpty();
    }

    @Test
    @Order(8)
    void aBrokenPackageFailsClearlyAndLeavesTheHostAsItWas() {
        assertThatThrownBy(() -> deployer(Progress.NONE).deploy(broken, host))
                .isInstanceOf(DeployException.class)
                .hasMessageStartingWith("installing foosched-fs-testmod 0.0-broken on host guest failed (exit 1): ")
                .hasMessageContaining("post-installation script")
                .hasMessageContaining("the package was removed again; the host is as it was")
                .extracting(e -> ((DeployException) e).reason()).isEqualTo(DeployException.Reason.INSTALL_FAILED);
        HostStatus st = new StatusReader(connector()).status(host);
        assertThat(st.packages()).isEmpty();
        assertThat(st.modules()).noneMatch(m -> m.loaded());
        // a re-run fails the same way, from the same clean state
        assertThatThrownBy(() -> deployer(Progress.NONE).deploy(broken, host))
                .hasMessageContaining("the package was removed again; the host is as it was");
        RollbackResult r = rollbacker().rollback(host);
        assertThat(r.removed()).isEmpty();
    }

    @Test
    @Order(9)
    void aConnectionDroppedDuringTheInstallIsSurvivedByReconnecting() {
        try (CuttableProxy proxy = new CuttableProxy("127.0.0.1", guest.port())) {
            Host viaProxy = proxied(proxy);
            List<String> log = new CopyOnWriteArrayList<>();
            Progress cutOnFirstInstallLine = new Progress() {
                @Override
                public void step(String what, double fraction) {
                }

                @Override
                public void log(String line) {
                    log.add(line);
                    if (line.startsWith("guest| ") && proxy.cuts() == 0) {
                        proxy.cutAll();
                    }
                }
            };
            DeployResult r = deployer(cutOnFirstInstallLine).deploy(v1, viaProxy);
            assertThat(r.outcome()).isEqualTo("installed");
            assertThat(r.metrics()).isNotNull();
            assertThat(proxy.cuts()).isEqualTo(1);
            assertThat(log).anyMatch(l -> l.startsWith("the connection to guest dropped during 'install foosched-fs-testmod 1.0-1'"));
        }
        assertThat(guestShell("cat /sys/kernel/foosched/fs_testmod/enable").strip()).isEqualTo("1");
        rollbacker().rollback(host);
    }

    @Test
    @Order(10)
    void whenTheHostStaysAwayStatusLaterTellsTheTruthAndARerunIsSafe() {
        try (CuttableProxy proxy = new CuttableProxy("127.0.0.1", guest.port())) {
            Host viaProxy = proxied(proxy);
            Progress vanishOnFirstInstallLine = new Progress() {
                @Override
                public void step(String what, double fraction) {
                }

                @Override
                public void log(String line) {
                    if (line.startsWith("guest| ") && proxy.cuts() == 0) {
                        proxy.refuseNew();
                        proxy.cutAll();
                    }
                }
            };
            Deployer d = new Deployer(connector(), history, DeploySettings.defaults().withReconnect(2, Duration.ofMillis(500)),
                    vanishOnFirstInstallLine);
            assertThatThrownBy(() -> d.deploy(v1, viaProxy))
                    .isInstanceOf(DeployException.class)
                    .hasMessageContaining("dropped during 'install foosched-fs-testmod 1.0-1' and could not be re-established")
                    .hasMessageContaining("run foosched status --host guest to learn it")
                    .extracting(e -> ((DeployException) e).reason()).isEqualTo(DeployException.Reason.OUTCOME_UNKNOWN);
        }
        // the install went on without us; status, over a fresh connection, learns how it ended
        HostStatus st = awaitFinished();
        assertThat(st.lastOperation().what()).isEqualTo("install foosched-fs-testmod 1.0-1");
        assertThat(st.lastOperation().exitCode()).isZero();
        assertThat(st.packages()).extracting(InstalledPackage::state).containsExactly("installed");
        assertThat(st.modules()).containsExactly(new ModuleState("fs_testmod", true, true));
        assertThat(st.problems()).isEmpty();

        DeployResult rerun = deployer(Progress.NONE).deploy(v1, host);
        assertThat(rerun.outcome()).isEqualTo("already-installed");
        assertThat(rollbacker().rollback(host).removed()).hasSize(1);
    }

    @Test
    @Order(11)
    void dmesgFollowStreamsNewLinesAndStopsTheRemoteDmesgWhenCancelled() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean cancel = new java.util.concurrent.atomic.AtomicBoolean();
        List<String> lines = new CopyOnWriteArrayList<>();
        Progress cancellable = Progress.silent(cancel::get);
        java.util.concurrent.atomic.AtomicReference<Throwable> ended = new java.util.concurrent.atomic.AtomicReference<>();
        Thread follower = new Thread(() -> {
            try (SshSession s = connector().connect(host)) {
                org.foosched.remote.deploy.KernelLog.follow(s, (stream, line) -> lines.add(line), cancellable);
            } catch (Throwable t) {
                ended.set(t);
            }
        });
        follower.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (lines.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        guestShell("echo foosched-follow-marker > /dev/kmsg");
        while (lines.stream().noneMatch(l -> l.contains("foosched-follow-marker")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(lines).anyMatch(l -> l.contains("foosched-follow-marker"));
        cancel.set(true);
        follower.join(20_000);
        assertThat(follower.isAlive()).isFalse();
        assertThat(ended.get()).isInstanceOf(SshException.class)
                .extracting(t -> ((SshException) t).reason()).isEqualTo(SshException.Reason.CANCELLED);
        assertThat(guestShell("ps | grep -c '[d]mesg --follow'").strip()).isEqualTo("0");
    }

    private static HostStatus awaitFinished() {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            HostStatus st = new StatusReader(connector()).status(host);
            if (st.lastOperation() != null && st.lastOperation().state() != RemoteOperation.State.RUNNING
                    || System.nanoTime() > deadline) {
                return st;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return st;
            }
        }
    }

    private static Host proxied(CuttableProxy proxy) {
        return new Host("guest", "127.0.0.1", proxy.port(), host.user(), host.identityFile(),
                "[127.0.0.1]:" + proxy.port() + " " + host.knownHosts().split(" ", 2)[1], List.of("vm"));
    }

    private static int loadsInKernelLog() {
        try (SshSession s = connector().connect(host)) {
            return (int) MetricsParser.parse(s.run("dmesg").stdout()).stream()
                    .filter(m -> m.phase() == MetricsPhase.LOAD).count();
        }
    }
}
