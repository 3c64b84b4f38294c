package org.foosched.views.deploy;

import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.foosched.remote.deploy.DeploySettings;
import org.foosched.remote.deploy.DeploymentHistory;
import org.foosched.remote.ssh.SshOptions;
import org.foosched.remote.testing.Processes;
import org.foosched.remote.testing.SshdFixture;
import org.foosched.views.app.WorkbenchApplication;
import org.foosched.views.workbench.WorkbenchContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Deploy panel driven through its controls (TestFX, headless Monocle) against a real sshd
 * on loopback: add a host, see its key refused, trust it after reading its fingerprint, see the
 * badge turn "reachable", probe it, and see its downtime chart drawn from a history file.
 */
@ExtendWith(ApplicationExtension.class)
class DeployPanelUiTest {

    @TempDir
    static Path tmp;

    private SshdFixture sshd;
    private WorkbenchContext ctx;
    private DeployViewModel vm;
    private Path historyFile;

    @Start
    void start(Stage stage) throws Exception {
        sshd = SshdFixture.start(tmp.resolve("sshd"));
        historyFile = tmp.resolve("deployments.jsonl");
        Files.deleteIfExists(historyFile);
        DeploymentHistory h = new DeploymentHistory(historyFile);
        h.append(DowntimeHistoryTest.deploy("2026-11-27T04:00:00Z", "lab1", "1.0.0", "installed", 16_000));
        h.append(DowntimeHistoryTest.rollback("2026-11-27T04:00:20Z", "lab1", "1.0.0", 8_800));
        h.append(DowntimeHistoryTest.deploy("2026-11-27T04:01:00Z", "lab1", "1.0.1", "installed", 16_500));
        h.append(DowntimeHistoryTest.rollback("2026-11-27T04:01:20Z", "lab1", "1.0.1", 9_100));
        h.append(DowntimeHistoryTest.deploy("2026-11-27T04:02:00Z", "lab1", "1.0.2", "installed", 17_200));
        h.append(DowntimeHistoryTest.deploy("2026-11-27T04:03:00Z", "elsewhere", "1.0.2", "installed", 900));
        Path inventory = tmp.resolve("hosts-" + System.nanoTime() + ".yaml");
        ctx = WorkbenchContext.forJavaFx();
        vm = new DeployViewModel(ctx, new RemoteDeployBackend(inventory, historyFile,
                SshOptions.defaults().withAgentSocket(null).withConnectTimeout(Duration.ofSeconds(10)),
                DeploySettings.defaults(), () -> {
                    throw new AssertionError("no VM in this test");
                }), Executors.newCachedThreadPool(WorkbenchContext.daemon("ui-test-deploy")));
        DeployPanel panel = new DeployPanel(vm);
        Scene scene = new Scene(panel, 1400, 900);
        scene.getStylesheets().add(WorkbenchApplication.class.getResource(WorkbenchApplication.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
        vm.activate();
    }

    @AfterEach
    void stop() {
        vm.close();
        ctx.shutdown();
        sshd.close();
    }

    /**
     * Waits until {@code c} holds, then for the UI thread to finish what it was doing: the
     * condition is read from the test thread, possibly in the middle of the UI update that made
     * it true (a badge set before the result line of the same update).
     */
    private static void waitFor(int seconds, Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }

    @Test
    void addTrustProbeAndTheHistoryChart(FxRobot robot) throws Exception {
        assertThat(robot.lookup("#deploy-hosts").queryListView().getItems()).isEmpty();

        // add a host through the dialog
        robot.clickOn("#deploy-add-host");
        robot.clickOn("#add-host-name").write("lab1");
        robot.clickOn("#add-host-address").write("127.0.0.1");
        TextField port = robot.lookup("#add-host-port").queryAs(TextField.class);
        TextField user = robot.lookup("#add-host-user").queryAs(TextField.class);
        TextField identity = robot.lookup("#add-host-identity").queryAs(TextField.class);
        robot.interact(() -> {
            port.setText(String.valueOf(sshd.port()));
            user.setText(System.getProperty("user.name"));
            identity.setText(sshd.clientKey().toString());
        });
        robot.clickOn("#add-host-ok");
        waitFor(20, () -> vm.find("lab1").isPresent() && vm.selectedProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(text(robot, "#deploy-host-title")).isEqualTo("lab1");
        assertThat(text(robot, "#deploy-badge")).isEqualTo("unknown");
        assertThat(text(robot, "#deploy-message")).contains("host lab1 (127.0.0.1:" + sshd.port() + ") saved");

        // its key is refused until trusted
        robot.clickOn("#deploy-status");
        waitFor(30, () -> "key not trusted".equals(text(robot, "#deploy-badge")));
        String fingerprint = Processes.fingerprint(sshd.hostPublicKey());
        assertThat(text(robot, "#deploy-badge-detail")).contains(fingerprint);
        assertThat(robot.lookup("#deploy-trust-bar").query().isVisible()).isFalse();

        robot.clickOn("#deploy-trust");
        waitFor(30, () -> robot.lookup("#deploy-trust-bar").query().isVisible());
        assertThat(robot.lookup("#deploy-fingerprint").queryAs(TextField.class).getText()).isEqualTo(fingerprint);
        assertThat(text(robot, "#deploy-trust-question")).contains("presents the ssh-ed25519 key " + fingerprint)
                .contains("No key is recorded for it yet");
        assertThat(vm.find("lab1").orElseThrow().host().knownHosts()).as("nothing recorded before the answer").isNull();
        robot.clickOn("#deploy-trust-yes");
        waitFor(30, () -> "reachable".equals(text(robot, "#deploy-badge")));
        assertThat(robot.lookup("#deploy-trust-bar").query().isVisible()).isFalse();
        assertThat(text(robot, "#deploy-result")).isEqualTo("trusted ssh-ed25519 " + fingerprint + " for host lab1");
        assertThat(robot.lookup("#deploy-hosts .badge").queryAs(Label.class).getText()).isEqualTo("reachable");

        // probe
        robot.clickOn("#deploy-probe");
        waitFor(30, () -> text(robot, "#deploy-result").startsWith("probed lab1"));
        String release = Processes.check(null, "uname", "-r").strip();
        TableView<?> probe = robot.lookup("#deploy-probe-table").queryTableView();
        assertThat(List.<Object>copyOf(probe.getItems())).contains(InfoRow.of("kernel", release + " (" + Processes.check(null, "uname", "-m")
                .strip() + ")"));
        TableView<?> status = robot.lookup("#deploy-status-table").queryTableView();
        assertThat(List.<Object>copyOf(status.getItems())).contains(InfoRow.of("kernel", release));

        // the downtime of lab1's deployments, from the history file, newest on the right
        robot.clickOn("Downtime");
        @SuppressWarnings("unchecked")
        LineChart<String, Number> load = robot.lookup("#deploy-chart-load").queryAs(LineChart.class);
        @SuppressWarnings("unchecked")
        LineChart<String, Number> unload = robot.lookup("#deploy-chart-unload").queryAs(LineChart.class);
        waitFor(10, () -> load.getData().size() == 4);
        assertThat(load.getData()).extracting(XYChart.Series::getName)
                .containsExactly("stop machine", "stop handler", "stack check", "all");
        XYChart.Series<String, Number> stopMachine = load.getData().get(0);
        assertThat(stopMachine.getData()).extracting(d -> d.getYValue().doubleValue()).containsExactly(16.0, 16.5, 17.2);
        assertThat(stopMachine.getData().get(2).getXValue()).startsWith("#3 ");
        assertThat(unload.getData().get(3).getData()).extracting(d -> d.getYValue().doubleValue())
                .containsExactly(10.8, 11.1);
        TableView<?> latest = robot.lookup("#deploy-latest-table").queryTableView();
        assertThat(List.<Object>copyOf(latest.getItems())).contains(new DowntimeHistory.Row("stop machine (downtime)", "17.200 ms", "9.100 ms"));
        assertThat(text(robot, "#deploy-chart-empty")).isEqualTo("3 loads and 2 unloads of lab1 in the deploy history "
                + "(the newest 20 at most)");
        assertThat(List.of(load.getTitle(), unload.getTitle())).containsExactly("Load on lab1", "Unload on lab1");
    }
}
