package org.foosched.remote.vm;

import org.foosched.analysis.progress.Progress;
import org.foosched.remote.hosts.Host;
import org.foosched.remote.hosts.HostInventory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Boots real test host VMs: the kit's stock Debian kernel under QEMU (TCG), a Debian 12
 * userland, sshd with the recorded host key. Builds the image first when the cache has none
 * (needs root and the Debian archive). The kit must be in ~/.cache/foosched/kits/.
 */
@Tag("e2e")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VmE2ETest {

    private static final String MAIN = "e2e-main";
    private static final List<String> ALL = List.of(MAIN, "e2e-a", "e2e-b", "e2e-broken");
    private static final Duration CMD = Duration.ofSeconds(120);

    private Path inventory;
    private VmManager manager;
    private String release;
    private final List<String> timings = new ArrayList<>();

    private final Progress progress = new Progress() {
        private final long t0 = System.nanoTime();

        @Override
        public void step(String what, double fraction) {
            System.out.printf(Locale.ROOT, "[%6.1fs] %s%n", (System.nanoTime() - t0) / 1e9, what);
        }

        @Override
        public void log(String line) {
            if (line.startsWith("build-image:") || line.startsWith("console:")) {
                System.out.println("           " + line);
            }
        }
    };

    @BeforeAll
    void setUp() throws Exception {
        inventory = Files.createTempDirectory("foosched-e2e-hosts").resolve("hosts.yaml");
        VmLocations loc = VmLocations.fromEnvironment();
        manager = new VmManager(loc, VmManager.lazyBuilder(loc), new HostRegistration(inventory), Accel.TCG,
                Duration.ofSeconds(400));
        release = manager.resolveRelease(System.getenv("FOOSCHED_E2E_RELEASE")); // fails naming 'foosched kit fetch'
        for (String n : ALL) {
            manager.stop(n); // leftovers of an interrupted run
        }
    }

    @AfterAll
    void tearDown() {
        if (manager == null) {
            return; // setUp failed: its message is the one to read
        }
        for (String n : ALL) {
            manager.stop(n);
            assertThat(manager.status(n).state()).isEqualTo(VmStatus.State.STOPPED);
        }
        System.out.println("boot-to-SSH timings (" + release + "): " + String.join(", ", timings));
    }

    private VmStatus start(String name, int cpus, int memMB) {
        VmStatus s = manager.start(new VmSpec(name, release, cpus, memMB), progress, null);
        timings.add(String.format(Locale.ROOT, "%s %d vCPU %.1f s", name, cpus, s.vm().bootMs() / 1000.0));
        return s;
    }

    private String run(String name, String command) {
        CommandResult r = manager.ssh(name, List.of(command), CMD);
        assertThat(r.exitCode()).as("'%s' on %s; stderr: %s", command, name, r.stderr()).isZero();
        return r.stdout().trim();
    }

    @Test
    @Order(1)
    void bootsTheStockKernelAndAnswersSshWithTheRecordedHostKey() throws Exception {
        VmStatus s = start(MAIN, 2, 1024);

        assertThat(s.state()).isEqualTo(VmStatus.State.RUNNING);
        assertThat(s.vm().bootMs()).isPositive();
        assertThat(s.findings()).isEmpty();
        assertThat(run(MAIN, "uname -r")).isEqualTo(release);
        assertThat(run(MAIN, "hostname")).isEqualTo(MAIN);
        assertThat(run(MAIN, "nproc")).isEqualTo("2");

        // registered in the inventory with the recorded host key for its port
        TestbedImage image = new TestbedImage(release, Path.of(s.vm().imageDir()));
        Host h = HostInventory.load(inventory).require(MAIN);
        assertThat(h.address()).isEqualTo("127.0.0.1");
        assertThat(h.port()).isEqualTo(s.vm().sshPort());
        assertThat(h.user()).isEqualTo("root");
        assertThat(h.identityFile()).isEqualTo(image.clientKey().toString());
        assertThat(h.knownHosts()).isEqualTo("[127.0.0.1]:" + h.port() + " " + image.hostKey());

        // a different recorded key is refused by both SSH paths
        Path other = Files.createTempDirectory("foosched-e2e-key").resolve("k");
        Process kg = new ProcessBuilder("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", other.toString()).start();
        assertThat(kg.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String[] pub = Files.readString(other.resolveSibling("k.pub")).trim().split(" ");
        String wrong = KnownHosts.line("127.0.0.1", h.port(), pub[0] + " " + pub[1]);
        assertThatThrownBy(() -> SshProbe.loginAndRun(h.port(), wrong, image.clientKey(), "true", 30_000))
                .isInstanceOf(SshProbe.HostKeyMismatchException.class);
        Path knownHosts = manager.locations().stateDir(MAIN).knownHosts();
        String right = Files.readString(knownHosts);
        try {
            Files.writeString(knownHosts, wrong + "\n");
            assertThat(manager.ssh(MAIN, List.of("true"), CMD).exitCode()).isEqualTo(255);
        } finally {
            Files.writeString(knownHosts, right);
        }
        assertThat(manager.ssh(MAIN, List.of("true"), CMD).exitCode()).isZero();
    }

    @Test
    @Order(2)
    void theGuestHasSchedulerDebugfsAndCgroupControllers() {
        // Linux 6.1 keeps the scheduler's debugfs files in /sys/kernel/debug/sched/
        String features = run(MAIN, "cat /sys/kernel/debug/sched/features");
        assertThat(features.split("\\s+")).isNotEmpty().allMatch(f -> f.matches("(NO_)?[A-Z][A-Z0-9_]*"));
        assertThat(run(MAIN, "cat /sys/fs/cgroup/cgroup.controllers").split(" ")).contains("cpu", "cpuset");
        assertThat(run(MAIN, "cat /sys/fs/cgroup/cgroup.subtree_control").split(" ")).contains("cpu", "cpuset");
        assertThat(run(MAIN, "test -r /proc/kallsyms && grep -c ' __schedule$' /proc/kallsyms")).isEqualTo("1");
    }

    @Test
    @Order(3)
    void stressNgRuns() {
        CommandResult r = manager.ssh(MAIN, List.of("stress-ng --cpu 2 -t 5 --metrics-brief 2>&1"), CMD);
        assertThat(r.exitCode()).as(r.stdout()).isZero();
        assertThat(r.stdout()).contains("successful run completed");
    }

    @Test
    @Order(4)
    void aGuestCrashIsDetectedWithContextStopCleansUpAndTheVmStartsAgain() throws Exception {
        LinkedBlockingQueue<ConsoleEvent> events = new LinkedBlockingQueue<>();
        VmState before = manager.requireRunning(MAIN);
        try (ConsoleWatcher w = manager.watchConsole(MAIN, events::add)) {
            CommandResult r = manager.ssh(MAIN, List.of("echo c > /proc/sysrq-trigger"), CMD);
            assertThat(r.exitCode()).isNotZero(); // the connection dies with the kernel
            ConsoleEvent e = events.poll(60, TimeUnit.SECONDS);
            assertThat(e).as("a panic reported from the console").isNotNull();
            assertThat(e.kind()).isEqualTo(ConsoleEvent.Kind.PANIC);
            assertThat(e.line()).contains("sysrq triggered crash");
            assertThat(e.context().subList(0, e.contextIndex())).anyMatch(l -> l.contains("sysrq: Trigger a crash"));
            assertThat(e.context()).anyMatch(l -> l.contains("Call Trace:"));
            System.out.println(e.describe());
        }
        // panic=1 with -no-reboot: QEMU ends by itself
        for (int i = 0; i < 100 && manager.status(MAIN).state() == VmStatus.State.RUNNING; i++) {
            Thread.sleep(100);
        }
        VmStatus crashed = manager.status(MAIN);
        assertThat(crashed.state()).isEqualTo(VmStatus.State.EXITED);
        assertThat(crashed.findings()).anyMatch(f -> f.has(ConsoleEvent.Kind.PANIC));
        assertThat(crashed.summary()).contains("kernel panic at console line");

        VmManager.StopResult stop = manager.stop(MAIN);
        assertThat(stop.hadState()).isTrue();
        VmStateDir dir = manager.locations().stateDir(MAIN);
        assertThat(ProcessControl.isRunning(before.pid(), VmManager.marker(dir))).isFalse();
        assertThat(dir.pidFile()).doesNotExist();
        assertThat(dir.overlay()).doesNotExist();
        assertThat(dir.consoleLog()).exists();
        assertThat(HostInventory.load(inventory).find(MAIN)).isEmpty();

        VmStatus again = start(MAIN, 2, 1024);
        assertThat(run(MAIN, "uname -r")).isEqualTo(release);
        assertThat(again.findings()).isEmpty(); // a fresh console; the crash is in the previous one
        assertThat(Files.readString(dir.previousConsoleLog())).contains("sysrq triggered crash");
        // a fresh disk too: the overlay of the crashed run is gone
        assertThat(run(MAIN, "test -e /root/marker && echo present || echo absent")).isEqualTo("absent");
        run(MAIN, "touch /root/marker && sync");
        manager.stop(MAIN);
        start(MAIN, 2, 1024);
        assertThat(run(MAIN, "test -e /root/marker && echo present || echo absent")).isEqualTo("absent");
    }

    @Test
    @Order(5)
    void twoNamedVmsStartTogetherAndRunSideBySide() throws Exception {
        manager.stop(MAIN); // two VMs on two host cores at once is what the machine can take
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<VmStatus> a = pool.submit(() -> start("e2e-a", 1, 768));
            Future<VmStatus> b = pool.submit(() -> start("e2e-b", 1, 768));
            VmStatus sa = a.get(10, TimeUnit.MINUTES);
            VmStatus sb = b.get(10, TimeUnit.MINUTES);
            assertThat(sa.vm().sshPort()).isNotEqualTo(sb.vm().sshPort());
            assertThat(sa.vm().pid()).isNotEqualTo(sb.vm().pid());
        } finally {
            pool.shutdownNow();
        }
        assertThat(run("e2e-a", "hostname")).isEqualTo("e2e-a");
        assertThat(run("e2e-b", "hostname")).isEqualTo("e2e-b");
        assertThat(HostInventory.load(inventory).hosts()).extracting(Host::name).contains("e2e-a", "e2e-b");

        long pidB = manager.requireRunning("e2e-b").pid();
        assertThat(manager.stop("e2e-a").killed()).isTrue();
        assertThat(manager.status("e2e-a").state()).isEqualTo(VmStatus.State.STOPPED);
        assertThat(run("e2e-b", "uname -r")).isEqualTo(release); // the other one is untouched
        assertThat(manager.stop("e2e-b").killed()).isTrue();
        assertThat(ProcessControl.isRunning(pidB, VmManager.marker(manager.locations().stateDir("e2e-b")))).isFalse();
        assertThat(HostInventory.load(inventory).hosts()).extracting(Host::name).doesNotContain("e2e-a", "e2e-b");
    }

    @Test
    @Order(6)
    void aKernelPanicWhileBootingEndsTheStartAtOnceWithItsContext() throws Exception {
        // the real kernel and initramfs over a disk that is not ext4: the initramfs cannot mount
        // root, PID 1 exits, the kernel panics
        TestbedImage real = new TestbedImage(release, manager.locations().imageDir(release));
        assertThat(real.isComplete()).isTrue();
        Path dir = Files.createTempDirectory("foosched-e2e-broken-image");
        for (String f : TestbedImage.FILES) {
            if (!f.equals("base.ext4")) {
                Files.createSymbolicLink(dir.resolve(f), real.dir().resolve(f));
            }
        }
        try (var raf = new java.io.RandomAccessFile(dir.resolve("base.ext4").toFile(), "rw")) {
            raf.setLength(64L << 20);
        }
        VmManager broken = new VmManager(manager.locations(), (r, p) -> new TestbedImage(r, dir),
                new HostRegistration(inventory), Accel.TCG, Duration.ofSeconds(400));
        List<ConsoleEvent> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> broken.start(new VmSpec("e2e-broken", release, 1, 512), progress, heard::add))
                .isInstanceOf(VmException.class)
                .hasMessageContaining("panicked while booting")
                .hasMessageContaining("Attempted to kill init")
                .hasMessageContaining("initramfs: cannot mount the root disk /dev/vda");
        System.out.printf(Locale.ROOT, "boot panic reported after %.1f s%n", (System.nanoTime() - t0) / 1e9);
        assertThat(heard).anyMatch(e -> e.has(ConsoleEvent.Kind.PANIC));
        VmStatus after = manager.status("e2e-broken");
        assertThat(after.state()).isEqualTo(VmStatus.State.STOPPED); // the failed start cleaned up
        assertThat(after.findings()).anyMatch(e -> e.has(ConsoleEvent.Kind.PANIC));
        assertThat(HostInventory.load(inventory).find("e2e-broken")).isEmpty();
    }
}
