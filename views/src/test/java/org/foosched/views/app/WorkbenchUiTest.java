package org.foosched.views.app;

import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.fxmisc.richtext.CodeArea;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.safety.ChangeSafety;
import org.foosched.views.editor.CodeEditorView;
import org.foosched.views.problems.ProblemItem;
import org.foosched.views.testing.FixtureWorkspace;
import org.graphstream.ui.geom.Point3;
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
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workbench on the real fixture workspace, driven through its controls (TestFX, headless
 * Monocle): open, select and inspect, tune the boundary and see what moved, edit guarded code
 * and see the warning, the diff and the safety report, build, and navigate the call graph.
 */
@ExtendWith(ApplicationExtension.class)
class WorkbenchUiTest {

    @TempDir
    Path tmp;

    private MainWindow window;
    private Path ws;

    @Start
    void start(Stage stage) {
        System.setProperty("foosched.config.dir", tmp.resolve("config").toString());
        var ctx = org.foosched.views.workbench.WorkbenchContext.forJavaFx();
        window = new MainWindow(ctx, new MainViewModel(ctx, new WorkbenchSettings()));
        Scene scene = new Scene(window, 1400, 900);
        scene.getStylesheets().add(WorkbenchApplication.class.getResource(WorkbenchApplication.STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void stop() {
        window.context().shutdown();
    }

    private void open(FxRobot robot) throws Exception {
        ws = FixtureWorkspace.copy(tmp.resolve("ws"));
        robot.interact(() -> window.viewModel().open(ws));
        waitFor(30, () -> window.context().analysis() != null && window.context().session() != null);
        WaitForAsyncUtils.waitForFxEvents();
    }

    /** Waits until {@code c} holds, then for the UI thread to finish the update that made it true. */
    private static void waitFor(int seconds, Callable<Boolean> c) throws Exception {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, c);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    private void selectFunction(FxRobot robot, String name) {
        robot.clickOn("#function-search").write(name);
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn(robot.lookup("#function-table .table-cell").match(n ->
                n instanceof javafx.scene.control.TableCell<?, ?> c && name.equals(c.getText())).<javafx.scene.Node>query());
    }

    @Test
    void withoutAWorkspaceItOffersToMakeOneOrOpenOne(FxRobot robot) {
        assertThat(robot.lookup("#welcome-new").queryButton().getText())
                .isEqualTo("New workspace from a Debian kernel release…");
        assertThat(robot.lookup("#welcome-open").queryButton().isVisible()).isTrue();
        assertThat(robot.lookup("#welcome").query().isVisible()).isTrue();
    }

    @Test
    void selectingAFunctionShowsItsClassAndWhy(FxRobot robot) throws Exception {
        open(robot);
        assertThat(robot.lookup("#welcome").query().isVisible()).isFalse();
        selectFunction(robot, "try_to_wake_up");
        waitFor(5, () -> "try_to_wake_up".equals(robot.lookup("#inspector-title").queryAs(Label.class).getText()));
        assertThat(robot.lookup("#inspector-class").queryAs(Label.class).getText()).isEqualTo("function: interface");
        assertThat(robot.lookup("#inspector-why").queryAs(TextArea.class).getText())
                .contains("try_to_wake_up is an interface").contains("because listed in function.interface");
        ListView<?> callers = robot.lookup("#inspector-callers").queryListView();
        assertThat(callers.getItems()).extracting(Object::toString)
                .contains("wake_up_process  (outsider, calls)", "wake_up_q  (interface, calls)");
        // following a caller moves the inspector there
        robot.clickOn(robot.lookup("#inspector-callers .list-cell").match(n ->
                n instanceof javafx.scene.control.ListCell<?> c && c.getText() != null
                        && c.getText().startsWith("wake_up_process")).<javafx.scene.Node>query());
        waitFor(5, () -> "wake_up_process".equals(robot.lookup("#inspector-title").queryAs(Label.class).getText()));
        assertThat(robot.lookup("#inspector-why").queryAs(TextArea.class).getText())
                .contains("because used by kthread_wake outside the boundary");
    }

    @Test
    void changingTheInterfaceListShowsWhatMovedWithinASecond(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn("#boundary-tab-lists");
        robot.clickOn(robot.lookup("#list-interface .list-cell").match(n ->
                n instanceof javafx.scene.control.ListCell<?> c && "try_to_wake_up".equals(c.getText()))
                .<javafx.scene.Node>query());
        long t0 = System.nanoTime();
        robot.clickOn("#remove-button-interface");
        ListView<?> moves = robot.lookup("#moves").queryListView();
        waitFor(5, () -> !moves.getItems().isEmpty());
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertThat(millis).as("from the click to what moved, ms").isLessThan(1000);
        assertThat(moves.getItems()).extracting(Object::toString).anySatisfy(m -> assertThat(m)
                .startsWith("4 functions became outsiders (was 1 interface, 3 insiders) because wake_up_process is used "
                        + "by kthread_wake outside the boundary"));
        assertThat(Files.readString(ws.resolve("working/boundary.yaml"))).as("not saved yet").contains("- try_to_wake_up");
        robot.clickOn("#boundary-save");
        assertThat(Files.readString(ws.resolve("working/boundary.yaml"))).doesNotContain("- try_to_wake_up")
                .contains("# entries the rest of the kernel calls");

        // a name that cannot be a C function is refused where it is typed
        robot.clickOn("#add-outsider").write("9lives");
        robot.clickOn("#add-button-outsider");
        assertThat(robot.lookup("#error-outsider").queryAs(Label.class).getText()).isEqualTo("'9lives' is not a C identifier");
        assertThat(robot.lookup("#list-outsider").queryListView().getItems()).isEmpty();
    }

    @Test
    void theYamlEditorAndThePanelStayInStepAndErrorsShowAtTheirLine(FxRobot robot) throws Exception {
        open(robot);
        robot.clickOn("Edit boundary.yaml");
        CodeArea area = robot.lookup("#config-area").queryAs(CodeArea.class);
        robot.clickOn(area);
        robot.press(KeyCode.CONTROL, KeyCode.END).release(KeyCode.END, KeyCode.CONTROL);
        robot.write("\nbogus: 1");
        int lines = fx(() -> area.getParagraphs().size());
        ListView<?> errors = robot.lookup("#config-errors").queryListView();
        waitFor(5, () -> !errors.getItems().isEmpty());
        assertThat(errors.getItems().get(0).toString()).contains("unknown key 'bogus'");
        assertThat(window.context().problems().of(ProblemItem.Source.CONFIG)).singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(lines));
        for (int i = 0; i < "\nbogus: 1".length(); i++) {
            robot.type(KeyCode.BACK_SPACE);
        }
        waitFor(5, () -> errors.getItems().isEmpty());

        // a change made in the panel appears in the text
        robot.clickOn("#tab-boundary");
        robot.clickOn("#boundary-tab-lists");
        robot.clickOn("#add-outsider").write("wake_up_q");
        robot.clickOn("#add-button-outsider");
        waitFor(5, () -> area.getText().contains("  outsider:\n    - wake_up_q\n"));
        String text = area.getText();
        assertThat(text.substring(text.indexOf("  interface:"), text.indexOf("  outsider:")))
                .as("it left the interfaces").doesNotContain("wake_up_q").contains("- wake_q_add");
        assertThat(text).contains("# entries the rest of the kernel calls; the module replaces them");
    }

    @Test
    void guardedCodeIsShownEditingItWarnsAndTheDiffAndSafetyReportShowTheEdit(FxRobot robot) throws Exception {
        open(robot);
        robot.doubleClickOn(robot.lookup("#workspace-tree .tree-cell").match(n ->
                n instanceof javafx.scene.control.TreeCell<?> c && "core.c".equals(c.getText())).<javafx.scene.Node>query());
        waitFor(5, () -> window.editors().editorFor(ws.resolve("kernel/sched/mod/core.c")).isPresent());
        CodeEditorView ed = window.editors().editorFor(ws.resolve("kernel/sched/mod/core.c")).orElseThrow();
        CodeArea area = ed.area();
        robot.clickOn(area);
        robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
        robot.write("DON'T MODIFY INIT").type(KeyCode.ENTER);
        int paragraph = fx(area::getCurrentParagraph);
        assertThat(fx(area::getSelectedText)).isEqualTo("DON'T MODIFY INIT");
        assertThat(ed.guardedLines()).contains(paragraph, paragraph + 1);

        // type inside sched_init's body
        int at = fx(() -> area.getText().indexOf("rq->cpu = cpu;"));
        robot.clickOn(area);
        robot.interact(() -> area.moveTo(at));
        robot.write("foosched_boot(); ");
        WaitForAsyncUtils.waitForFxEvents();
        String typed = fx(area::getText);
        assertThat(typed).as("typed into the editor").contains("foosched_boot(); rq->cpu = cpu;");
        waitFor(5, () -> window.context().problems().items().stream()
                .anyMatch(p -> p.message().startsWith("you edited init function sched_init")));

        // and the body of an interface: allowed
        int body = fx(() -> area.getText().indexOf("ttwu_do_activate(rq, p, wake_flags);"));
        robot.interact(() -> area.moveTo(body));
        robot.write("nr_wakeups++; ");
        robot.press(KeyCode.CONTROL, KeyCode.S).release(KeyCode.S, KeyCode.CONTROL);
        assertThat(Files.readString(ws.resolve("kernel/sched/mod/core.c"))).contains("foosched_boot(); rq->cpu = cpu;");

        robot.clickOn("#tab-diff-safety");
        ListView<?> findings = robot.lookup("#safety-findings").queryListView();
        waitFor(10, () -> !findings.getItems().isEmpty());
        assertThat(findings.getItems()).extracting(x -> ((ChangeSafety.Finding) x).message())
                .containsExactly("init function sched_init changed: it ran at boot and vmlinux freed it, so the change "
                        + "would never run. Do it in the module's initialization instead");
        assertThat(robot.lookup("#changed-functions").queryListView().getItems()).extracting(x ->
                ((ChangeSafety.FunctionChange) x).function()).containsExactly("try_to_wake_up", "sched_init");
        TableView<?> table = robot.lookup("#diff-table").queryTableView();
        waitFor(5, () -> !table.getItems().isEmpty());
        assertThat(table.getItems()).extracting(Object::toString).anySatisfy(r -> assertThat(r).contains("nr_wakeups++; ttwu_do_activate"));
        assertThat(robot.lookup("#diff-summary").queryAs(Label.class).getText())
                .isEqualTo("1 files, 2 functions changed; 1 rule broken");
    }

    @Test
    void buildingShowsProgressAndCompilerErrorsOpenTheirLine(FxRobot robot) throws Exception {
        open(robot);
        Path fair = ws.resolve("kernel/sched/mod/fair.c");
        String t = Files.readString(fair);
        String bad = t.replace("\trq->cfs.nr_running--;", "\trq->cfs.nr_runing--;");
        Files.writeString(fair, bad);
        int line = (int) bad.substring(0, bad.indexOf("nr_runing")).chars().filter(c -> c == '\n').count() + 1;
        robot.clickOn("#tab-build");
        robot.clickOn("#compile-check-button");
        Label result = robot.lookup("#build-result").queryAs(Label.class);
        waitFor(60, () -> result.getText().startsWith("does not compile"));
        assertThat(robot.lookup("#build-console").queryListView().getItems()).extracting(Object::toString)
                .anySatisfy(l -> assertThat(l).contains("error:").contains("nr_runing"));
        robot.clickOn("#tab-problems");
        robot.doubleClickOn(robot.lookup("#problems .table-cell").match(n ->
                n instanceof javafx.scene.control.TableCell<?, ?> c && c.getText() != null
                        && c.getText().contains("nr_runing")).<javafx.scene.Node>query());
        waitFor(5, () -> window.editors().editorFor(fair).isPresent());
        CodeArea area = window.editors().editorFor(fair).orElseThrow().area();
        assertThat(fx(area::getCurrentParagraph) + 1).isEqualTo(line);

        // fixed: the next build succeeds
        Files.writeString(fair, t);
        robot.interact(() -> window.editors().editorFor(fair).orElseThrow().reload());
        robot.clickOn("#tab-build");
        robot.clickOn("#compile-check-button");
        waitFor(60, () -> result.getText().startsWith("compiles (scheduler.ko)"));
        assertThat(window.context().problems().of(ProblemItem.Source.BUILD))
                .noneMatch(p -> p.severity() == ProblemItem.Severity.ERROR);
    }

    @Test
    void theCallGraphShowsTheNeighbourhoodAndClicksSelectAndOpen(FxRobot robot) throws Exception {
        open(robot);
        robot.interact(() -> window.context().selectionProperty().set(new FnId("kernel/sched/core.c", "try_to_wake_up")));
        robot.clickOn("#tab-call-graph");
        var view = window.graphView();
        waitFor(5, () -> view.graph().getNodeCount() > 0);
        assertThat(view.graph().getNode("kernel/sched/core.c:wake_up_process")).isNotNull();
        assertThat(view.graph().getNode("vmlinux:kthread_wake")).isNotNull();
        assertThat(view.graph().getEdgeCount()).isPositive();
        assertThat(robot.lookup("#graph-legend").query().isVisible()).isTrue();
        WaitForAsyncUtils.sleep(300, TimeUnit.MILLISECONDS);

        String target = "kernel/sched/core.c:ttwu_do_activate";
        Point3 px = fx(() -> view.pixelsOf(target));
        assertThat(fx(() -> view.nodeAt(px.x, px.y))).isEqualTo(target);
        robot.clickOn(fx(() -> view.panel().localToScreen(px.x, px.y)));
        waitFor(5, () -> "ttwu_do_activate".equals(robot.lookup("#inspector-title").queryAs(Label.class).getText()));
        WaitForAsyncUtils.sleep(800, TimeUnit.MILLISECONDS); // not a triple click
        assertThat(view.graph().getNode("kernel/sched/core.c:wake_up_process")).as("a click does not move the graph")
                .isNotNull();
        // a double-click opens the code and centres the graph on the function
        robot.doubleClickOn(fx(() -> view.panel().localToScreen(px.x, px.y)));
        Path core = ws.resolve("kernel/sched/mod/core.c");
        waitFor(5, () -> window.editors().editorFor(core).isPresent());
        CodeArea area = window.editors().editorFor(core).orElseThrow().area();
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(fx(() -> area.getCurrentParagraph() + ": " + area.getParagraph(area.getCurrentParagraph()).getText()))
                .contains("ttwu_do_activate(struct rq *rq");
        waitFor(5, () -> view.graph().getNode("kernel/sched/core.c:enqueue_task") != null);

        robot.clickOn("#tab-call-graph");
        robot.clickOn("#graph-files");
        waitFor(5, () -> view.graph().getNode("kernel/sched/fair.c") != null);
    }

    @Test
    void theWindowLayoutIsRemembered(FxRobot robot) throws Exception {
        open(robot);
        SplitPane h = (SplitPane) window.getCenter().lookup(".split-pane");
        robot.interact(() -> {
            h.setDividerPositions(0.25, 0.7);
            window.rememberLayout();
        });
        WorkbenchSettings s = window.viewModel().settings();
        assertThat(s.horizontalDividers[0]).isCloseTo(0.25, org.assertj.core.data.Offset.offset(0.01));
        assertThat(s.lastWorkspace).isEqualTo(ws.toAbsolutePath().normalize().toString());
        WorkbenchSettings saved = WorkbenchSettings.load(tmp.resolve("config").resolve(WorkbenchSettings.FILE_NAME));
        assertThat(saved.lastWorkspace).isEqualTo(ws.toAbsolutePath().normalize().toString());
    }
}
