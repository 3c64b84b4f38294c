package org.foosched.views.tour;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.foosched.remote.deploy.PackageFormat;
import org.foosched.remote.hosts.Host;
import org.foosched.views.app.MainViewModel;
import org.foosched.views.app.MainWindow;
import org.foosched.views.app.WorkbenchApplication;
import org.foosched.views.app.WorkbenchSettings;
import org.foosched.views.deploy.AddHostDialog;
import org.foosched.views.deploy.DeployViewModel;
import org.foosched.views.deploy.HostEntry;
import org.foosched.views.workbench.WorkbenchContext;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import static org.foosched.views.tour.ScreenshotTour.fx;
import static org.foosched.views.tour.ScreenshotTour.pause;
import static org.foosched.views.tour.ScreenshotTour.waitFor;
import static org.foosched.views.tour.ScreenshotTour.waitForPulse;

/**
 * The Deploy panel on the real test VM, through the real window: start the VM from the panel,
 * show a new host's key question, status and probe, deploy the workspace's scheduler package
 * and roll it back three times (RPM, DEB, DEB — the history the chart draws), follow the
 * kernel log, and save a screenshot of each. Run under a display, with an inventory and a
 * history of its own:
 * <pre>
 * FOOSCHED_HOSTS=/tmp/tour/hosts.yaml XDG_DATA_HOME=/tmp/tour/data \
 *   xvfb-run -a -s "-screen 0 1600x1000x24" java -cp … org.foosched.views.tour.DeployScreenshotTour WORKSPACE OUT_DIR
 * </pre>
 * The workspace needs its packages ({@code foosched build}). The VM ({@code testbed}) is
 * stopped at the end.
 */
public final class DeployScreenshotTour {

    private final Path workspace;
    private final Path out;
    private final List<String> report = new ArrayList<>();
    private Stage stage;
    private MainWindow window;
    private DeployViewModel vm;

    private DeployScreenshotTour(Path workspace, Path out) {
        this.workspace = workspace;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: DeployScreenshotTour WORKSPACE OUT_DIR");
            System.exit(2);
        }
        System.setProperty("foosched.config.dir", Files.createTempDirectory("foosched-tour-config").toString());
        DeployScreenshotTour t = new DeployScreenshotTour(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath());
        Files.createDirectories(t.out);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        int rc = 0;
        try {
            t.run();
        } catch (Throwable e) {
            e.printStackTrace();
            rc = 1;
        } finally {
            t.stopVm();
            t.report.forEach(System.out::println);
            Platform.exit();
        }
        System.exit(rc);
    }

    private void run() throws Exception {
        fx(() -> {
            WorkbenchContext ctx = WorkbenchContext.forJavaFx();
            WorkbenchSettings settings = new WorkbenchSettings();
            settings.horizontalDividers = new double[] {0.12, 0.86};
            settings.verticalDivider = 0.80;
            window = new MainWindow(ctx, new MainViewModel(ctx, settings));
            vm = window.deployViewModel();
            stage = new Stage();
            Scene scene = new Scene(window, 1600, 1000);
            scene.getStylesheets().add(WorkbenchApplication.class.getResource(WorkbenchApplication.STYLESHEET).toExternalForm());
            stage.setScene(scene);
            stage.titleProperty().bind(window.viewModel().titleProperty());
            stage.show();
            window.viewModel().open(workspace);
            return null;
        });
        waitFor(() -> fx(() -> window.context().analysis() != null), 180);
        fx(() -> {
            window.showTab("Deploy");
            return null;
        });
        pause(1000);

        // the test VM, started from the panel
        long v0 = System.nanoTime();
        fx(vm.testVm()::start);
        pause(2500);
        shot("13-deploy-0-vm-starting");
        waitFor(() -> fx(() -> !vm.testVm().busyProperty().get()), 600);
        report.add("Start testbed -> ready: " + (System.nanoTime() - v0) / 1_000_000 + " ms; " + fx(() -> vm.testVm().stateProperty().get()));
        HostEntry testbed = fx(() -> vm.find("testbed").orElseThrow());
        waitIdle(testbed);

        // a host whose key nobody trusted yet: the question, with the fingerprint
        Host t = fx(testbed::host);
        fx(() -> {
            AddHostDialog d = new AddHostDialog(vm, stage);
            d.show();
            return null;
        });
        pause(600);
        shotWindow("13-deploy-1-add-host");
        fx(() -> {
            Stage.getWindows().stream().filter(w -> w instanceof AddHostDialog).toList().forEach(w -> ((Stage) w).close());
            return vm.addHost("lab1", t.address(), String.valueOf(t.port()), t.user(), t.identityFile(), false);
        });
        waitFor(() -> fx(() -> vm.find("lab1").isPresent()), 30);
        HostEntry lab1 = fx(() -> vm.find("lab1").orElseThrow());
        fx(vm::refreshStatus);
        waitIdle(lab1);
        fx(vm::examineKey);
        waitIdle(lab1);
        pause(500);
        shot("13-deploy-2-trust-key");
        fx(vm::confirmTrust);
        waitIdle(lab1);
        report.add("lab1 after trust: " + fx(() -> lab1.badge().label()));
        fx(vm::removeSelected);
        waitFor(() -> fx(() -> vm.find("lab1").isEmpty()), 30);

        // status and probe of the VM
        fx(() -> {
            vm.selectedProperty().set(testbed);
            return vm.probe();
        });
        waitIdle(testbed);
        pause(500);
        shot("13-deploy-3-probe");

        // deploy and roll back: RPM, DEB, DEB
        PackageFormat[] formats = {PackageFormat.RPM, PackageFormat.DEB, PackageFormat.DEB};
        for (int i = 0; i < formats.length; i++) {
            PackageFormat f = formats[i];
            fx(() -> {
                vm.formatProperty().set(f);
                return null;
            });
            pause(500);
            if (i == formats.length - 1) {
                fx(() -> {
                    window.deployPanel().showTab("Kernel log");
                    return vm.follow();
                });
                pause(1500);
            }
            long d0 = System.nanoTime();
            fx(vm::deploy);
            if (i == 0) {
                pause(1800);
                shot("13-deploy-4-deploying");
            }
            waitIdle(testbed);
            report.add("deploy " + f + ": " + (System.nanoTime() - d0) / 1_000_000 + " ms wall; " + fx(() -> testbed.resultProperty().get()));
            if (i == formats.length - 1) {
                pause(1500);
                shot("13-deploy-5-kernel-log");
                fx(() -> {
                    vm.kernelLog().stop();
                    window.deployPanel().showTab("Host");
                    return null;
                });
                pause(500);
                shot("13-deploy-6-deployed");
            }
            long r0 = System.nanoTime();
            fx(vm::rollback);
            waitIdle(testbed);
            report.add("rollback: " + (System.nanoTime() - r0) / 1_000_000 + " ms wall; " + fx(() -> testbed.resultProperty().get()));
        }
        fx(() -> {
            window.deployPanel().showTab("Downtime");
            return null;
        });
        pause(1200);
        shot("13-deploy-7-downtime-history");
        report.add("chart: " + fx(() -> vm.chartProperty().get().loads().size()) + " loads, "
                + fx(() -> vm.chartProperty().get().unloads().size()) + " unloads; latest: " + fx(() -> List.copyOf(vm.latestMetrics())));
    }

    private void stopVm() {
        try {
            if (vm != null && fx(() -> vm.testVm().runningProperty().get())) {
                fx(vm.testVm()::stop);
                waitFor(() -> fx(() -> !vm.testVm().busyProperty().get()), 60);
                report.add("VM: " + fx(() -> vm.testVm().stateProperty().get()));
            }
        } catch (Exception e) {
            report.add("stopping the VM failed: " + e);
        }
    }

    private void waitIdle(HostEntry e) throws InterruptedException {
        waitFor(() -> fx(() -> !e.isBusy()), 600);
    }

    private void shot(String name) throws Exception {
        waitForPulse();
        WritableImage img = fx(() -> stage.getScene().snapshot(null));
        save(img, name);
    }

    private void shotWindow(String name) throws Exception {
        waitForPulse();
        WritableImage img = fx(() -> Stage.getWindows().stream().filter(w -> w instanceof AddHostDialog)
                .map(w -> (Stage) w).findFirst().orElse(stage).getScene().snapshot(null));
        save(img, name);
    }

    private void save(WritableImage img, String name) {
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", out.resolve(name + ".png").toFile());
            report.add("screenshot " + out.resolve(name + ".png"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
