package org.foosched.views.e2e;

import org.foosched.analysis.build.BuildPipeline;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.pipeline.InitPipeline;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.testing.TestKit;
import org.foosched.remote.deploy.DeploySettings;
import org.foosched.remote.deploy.DeploymentHistory;
import org.foosched.remote.deploy.DeploymentRecord;
import org.foosched.remote.deploy.PackageFormat;
import org.foosched.remote.hosts.HostInventory;
import org.foosched.remote.ssh.SshOptions;
import org.foosched.remote.vm.VmManager;
import org.foosched.views.deploy.DeployViewModel;
import org.foosched.views.deploy.DowntimeHistory;
import org.foosched.views.deploy.DowntimeMetric;
import org.foosched.views.deploy.HostBadge;
import org.foosched.views.deploy.HostEntry;
import org.foosched.views.deploy.InfoRow;
import org.foosched.views.deploy.RemoteDeployBackend;
import org.foosched.views.testing.PumpedUi;
import org.foosched.views.workbench.WorkbenchContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Deploy panel's view-model against the real test VM (Debian 12, the kit's stock kernel,
 * QEMU/TCG, 2 vCPUs): "Start test VM" boots it while a real scheduler workspace is made and
 * built ({@code InitPipeline}, {@code BuildPipeline}); then status, probe, deploy of the
 * workspace's latest DEB with its load metrics in the chart data, the module's lines in the
 * live kernel log, rollback with its unload metrics, and "Stop" at the end.
 */
@Tag("e2e")
class DeployPanelE2ETest {

    static final String VM = "e2e-deploy-panel";

    @TempDir
    Path tmp;

    @Test
    void deployAndRollBackTheSchedulerOnTheTestVmThroughThePanel() throws Exception {
        long t0 = System.nanoTime();
        Kit kit = TestKit.require();
        Path source = TestKit.source().root();
        VmManager vms = VmManager.fromEnvironment();
        vms.stop(VM); // a run that was killed may have left it
        PumpedUi ui = new PumpedUi();
        WorkbenchContext ctx = ui.context();
        Path historyFile = tmp.resolve("deployments.jsonl");
        DeployViewModel panel = new DeployViewModel(ctx, new RemoteDeployBackend(HostInventory.defaultFile(), historyFile,
                SshOptions.defaults().withAgentSocket(null), DeploySettings.defaults(), () -> vms),
                Executors.newCachedThreadPool(WorkbenchContext.daemon("e2e-deploy")));
        try {
            panel.testVm().nameProperty().set(VM);
            panel.testVm().cpusProperty().set(2);
            panel.activate();
            // the VM boots while the workspace is made and built
            assertThat(panel.testVm().start()).isTrue();

            Path ws = tmp.resolve("scheduler");
            new InitPipeline().run(new InitPipeline.Request(kit, source, ws, null, false, false), Progress.NONE);
            long tInit = System.nanoTime();
            BuildPipeline.Outcome built = new BuildPipeline().run(new BuildPipeline.Request(ws, "1.0.0",
                    Set.of("rpm", "deb"), null, null), Progress.NONE);
            long tBuild = System.nanoTime();
            assertThat(built.packages()).hasSize(2);
            WorkspaceSession session = WorkspaceSession.open(ws, Progress.NONE);
            ui.pump();
            ctx.sessionProperty().set(session);
            panel.formatProperty().set(PackageFormat.DEB);
            ui.pumpUntil(() -> panel.packageDescriptionProperty().get().startsWith("scheduler_1.0.0_amd64.deb"),
                    Duration.ofSeconds(30));
            assertThat(panel.packageDescriptionProperty().get()).isEqualTo("scheduler_1.0.0_amd64.deb (the workspace's latest DEB)");

            ui.pumpUntil(() -> !panel.testVm().busyProperty().get(), Duration.ofMinutes(6));
            long tVm = System.nanoTime();
            assertThat(panel.testVm().runningProperty().get()).as(panel.testVm().stateProperty().get()).isTrue();
            assertThat(panel.testVm().stateProperty().get()).startsWith(VM + ": running, Linux " + kit.release() + ", 2 vCPUs");
            HostEntry host = panel.find(VM).orElseThrow();
            assertThat(panel.selectedProperty().get()).isSameAs(host);
            ui.pumpUntil(() -> !host.isBusy(), Duration.ofMinutes(1));
            assertThat(host.badge().kind()).as(host.badge().detail()).isEqualTo(HostBadge.Kind.REACHABLE);

            panel.probe();
            ui.pumpUntil(() -> !host.isBusy(), Duration.ofMinutes(1));
            assertThat(host.probeProperty().get().release()).isEqualTo(kit.release());
            assertThat(host.probeProperty().get().cpus()).isEqualTo(2);
            assertThat(panel.selectedHost().probeRows()).contains(InfoRow.of("CPUs", "2"));

            // the live kernel log, followed while the deploy runs
            assertThat(panel.follow()).isTrue();

            long d0 = System.nanoTime();
            assertThat(panel.deploy()).isTrue();
            ui.pumpUntil(() -> !host.isBusy(), Duration.ofMinutes(5));
            long deployMs = (System.nanoTime() - d0) / 1_000_000;
            assertThat(host.resultProperty().get()).startsWith("deployed scheduler 1.0.0 on " + VM + " (Linux "
                    + kit.release() + ")").contains("module scheduler enabled; load: stop machine ");
            assertThat(host.badge().kind()).as(host.badge().detail()).isEqualTo(HostBadge.Kind.ENABLED);
            assertThat(host.badge().label()).isEqualTo("enabled: scheduler");
            DowntimeHistory.Chart afterDeploy = panel.chartProperty().get();
            assertThat(afterDeploy.host()).isEqualTo(VM);
            assertThat(afterDeploy.loads()).hasSize(1);
            assertThat(afterDeploy.unloads()).isEmpty();
            var load = afterDeploy.loads().get(0).metrics();
            assertThat(load.cpus()).isEqualTo(2);
            for (DowntimeMetric m : DowntimeMetric.values()) {
                assertThat(m.nanos(load)).as(m.label()).isNotNull().isPositive();
            }
            assertThat(load.totalNs()).isGreaterThanOrEqualTo(load.stopMachineNs());
            ui.pumpUntil(() -> panel.kernelLog().lines().stream().anyMatch(l -> l.contains("scheduler load: all the time is")),
                    Duration.ofSeconds(30));
            panel.kernelLog().stop();
            ui.pumpUntil(() -> !panel.kernelLog().followingProperty().get(), Duration.ofSeconds(30));

            long r0 = System.nanoTime();
            assertThat(panel.rollback()).isTrue();
            ui.pumpUntil(() -> !host.isBusy(), Duration.ofMinutes(5));
            long rollbackMs = (System.nanoTime() - r0) / 1_000_000;
            assertThat(host.resultProperty().get()).startsWith("rolled back " + VM + ": removed scheduler 1.0.0")
                    .contains("module gone; unload: stop machine ");
            assertThat(host.badge().kind()).as(host.badge().detail()).isEqualTo(HostBadge.Kind.REACHABLE);
            DowntimeHistory.Chart afterRollback = panel.chartProperty().get();
            assertThat(afterRollback.loads()).hasSize(1);
            assertThat(afterRollback.unloads()).hasSize(1);
            var unload = afterRollback.unloads().get(0).metrics();
            for (DowntimeMetric m : DowntimeMetric.values()) {
                assertThat(m.nanos(unload)).as(m.label()).isNotNull().isPositive();
            }
            assertThat(panel.latestMetrics()).filteredOn(r -> r.metric().equals("stop machine (downtime)")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.load()).isEqualTo(String.format(Locale.ROOT, "%.3f ms", load.stopMachineNs() / 1e6));
                        assertThat(r.unload()).isEqualTo(String.format(Locale.ROOT, "%.3f ms", unload.stopMachineNs() / 1e6));
                    });
            List<DeploymentRecord> records = new DeploymentHistory(historyFile).read();
            assertThat(records).extracting(DeploymentRecord::action).containsExactly("deploy", "rollback");

            assertThat(panel.testVm().stop()).isTrue();
            ui.pumpUntil(() -> !panel.testVm().busyProperty().get(), Duration.ofMinutes(1));
            assertThat(panel.testVm().stateProperty().get()).isEqualTo(VM + ": stopped");
            assertThat(panel.find(VM)).isEmpty();
            System.out.printf(Locale.ROOT, "e2e deploy panel: init %.0f s, build %.0f s, VM ready %.0f s after the start"
                            + " (in parallel), deploy %d ms (stop machine %.3f ms, all %.3f ms), rollback %d ms (stop machine"
                            + " %.3f ms, all %.3f ms), total %.0f s%n",
                    (tInit - t0) / 1e9, (tBuild - tInit) / 1e9, (tVm - t0) / 1e9, deployMs, load.stopMachineNs() / 1e6,
                    load.totalNs() / 1e6, rollbackMs, unload.stopMachineNs() / 1e6, unload.totalNs() / 1e6,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            panel.close();
            ctx.shutdown();
            vms.stop(VM);
        }
    }
}
