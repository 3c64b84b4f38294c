package org.foosched.views.deploy;

import org.foosched.analysis.progress.Progress;
import org.foosched.views.testing.PumpedUi;
import org.foosched.views.workbench.WorkbenchContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The test VM in the deploy panel, on the stand-in deploy layer (the real VM: DeployPanelE2ETest). */
class TestVmViewModelTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    PumpedUi ui;
    WorkbenchContext ctx;
    FakeDeployBackend backend;
    DeployViewModel vm;

    @BeforeEach
    void setUp() {
        ui = new PumpedUi();
        ctx = ui.context();
        backend = new FakeDeployBackend();
        backend.inventory.put("lab1", FakeDeployBackend.labHost("lab1"));
        vm = new DeployViewModel(ctx, backend, Executors.newCachedThreadPool(WorkbenchContext.daemon("test-vm")));
        vm.reloadHosts();
        ui.pumpUntil(() -> vm.hosts().size() == 1, WAIT);
    }

    @AfterEach
    void tearDown() {
        vm.close();
        ctx.shutdown();
    }

    @Test
    void aStartedVmJoinsTheHostListSelectedWithItsStatusAndAStopTakesItOut() {
        TestVmViewModel t = vm.testVm();
        t.cpusProperty().set(2);
        t.memMbProperty().set(2048);
        assertThat(t.start()).isTrue();
        ui.pumpUntil(() -> !t.busyProperty().get(), WAIT);
        assertThat(backend.calls).contains("startVm testbed 6.1.0-56-amd64 2x2048");
        assertThat(t.runningProperty().get()).isTrue();
        assertThat(t.stateProperty().get()).startsWith("testbed: running, Linux 6.1.0-56-amd64, 2 vCPUs, 2048 MiB, tcg, "
                + "ssh 127.0.0.1:40022, booted to SSH in 61.0 s");
        ui.pumpUntil(() -> vm.find("testbed").map(e -> !e.isBusy() && e.statusProperty().get() != null).orElse(false), WAIT);
        assertThat(vm.selectedProperty().get().name()).isEqualTo("testbed");
        assertThat(backend.calls).contains("status testbed");

        assertThat(t.stop()).isTrue();
        ui.pumpUntil(() -> !t.busyProperty().get(), WAIT);
        assertThat(backend.calls).contains("stopVm testbed");
        assertThat(vm.find("testbed")).isEmpty();
        assertThat(vm.hosts()).extracting(HostEntry::name).containsExactly("lab1");
        assertThat(t.runningProperty().get()).isFalse();
        assertThat(t.stateProperty().get()).isEqualTo("testbed: stopped");
    }

    @Test
    void aSecondStartAndAStopWhileStartingAreRefusedAndCancelStopsTheStart() throws Exception {
        CountDownLatch booting = new CountDownLatch(1);
        backend.startVm = (h, p) -> {
            booting.countDown();
            while (!p.isCancelled()) {
                Thread.sleep(10);
            }
            throw new Progress.CancelledException();
        };
        TestVmViewModel t = vm.testVm();
        assertThat(t.start()).isTrue();
        assertThat(booting.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(t.start()).isFalse();
        assertThat(vm.messageProperty().get()).startsWith("the test VM testbed is busy: starting testbed");
        assertThat(t.stop()).isFalse();
        ui.pumpUntil(() -> t.cancellableProperty().get(), WAIT);
        assertThat(t.cancelStart()).isTrue();
        ui.pumpUntil(() -> !t.busyProperty().get(), WAIT);
        assertThat(t.stateProperty().get()).isEqualTo("start of testbed cancelled");
        assertThat(t.runningProperty().get()).isFalse();
        assertThat(vm.find("testbed")).isEmpty();
    }

    @Test
    void aVmNameOrSizeThatCannotBeIsRefusedBeforeAnythingStarts() {
        vm.testVm().memMbProperty().set(1);
        assertThat(vm.testVm().start()).isFalse();
        assertThat(vm.messageProperty().get()).isEqualTo("--mem 1: give 256 to 65536 MiB");
        assertThat(backend.calls).noneMatch(c -> c.startsWith("startVm"));
    }
}
