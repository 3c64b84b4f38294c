package org.foosched.views.tour;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.control.TabPane;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.foosched.analysis.model.FnId;
import org.foosched.views.app.MainViewModel;
import org.foosched.views.app.MainWindow;
import org.foosched.views.app.WorkbenchApplication;
import org.foosched.views.app.WorkbenchSettings;
import org.foosched.views.boundary.BoundaryViewModel;
import org.foosched.views.editor.CodeEditorView;
import org.foosched.views.graph.CallGraphViewModel;
import org.foosched.views.workbench.SourceLocation;
import org.foosched.views.workbench.WorkbenchContext;
import org.foosched.views.workspace.NewWorkspaceDialog;
import org.foosched.views.workspace.NewWorkspaceViewModel;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Drives the real workbench through each panel on a workspace and saves a screenshot of each,
 * measuring what the benchmarks record (re-analysis latency, call-graph appearance). Run under
 * a display, e.g.
 * <pre>
 * xvfb-run -s "-screen 0 1600x1000x24" java -cp … org.foosched.views.tour.ScreenshotTour WORKSPACE OUT_DIR [--build]
 * </pre>
 * The workspace is edited (that is part of the tour): give it a copy.
 */
public final class ScreenshotTour {

    private final Path workspace;
    private final Path out;
    private final boolean build;
    private final List<String> report = new ArrayList<>();
    private Stage stage;
    private MainWindow window;
    private WorkbenchContext ctx;

    private ScreenshotTour(Path workspace, Path out, boolean build) {
        this.workspace = workspace;
        this.out = out;
        this.build = build;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: ScreenshotTour WORKSPACE OUT_DIR [--build]");
            System.exit(2);
        }
        System.setProperty("foosched.config.dir", Files.createTempDirectory("foosched-tour-config").toString());
        ScreenshotTour t = new ScreenshotTour(Path.of(args[0]).toAbsolutePath(), Path.of(args[1]).toAbsolutePath(),
                args.length > 2 && args[2].equals("--build"));
        Files.createDirectories(t.out);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        try {
            t.run();
        } finally {
            t.report.forEach(System.out::println);
            Platform.exit();
        }
        System.exit(0);
    }

    private void run() throws Exception {
        fx(() -> {
            ctx = WorkbenchContext.forJavaFx();
            WorkbenchSettings settings = new WorkbenchSettings();
            window = new MainWindow(ctx, new MainViewModel(ctx, settings));
            stage = new Stage();
            Scene scene = new Scene(window, 1600, 1000);
            scene.getStylesheets().add(WorkbenchApplication.class.getResource(WorkbenchApplication.STYLESHEET).toExternalForm());
            stage.setScene(scene);
            stage.titleProperty().bind(window.viewModel().titleProperty());
            stage.show();
            return null;
        });
        pause(800);
        shot("00-welcome");
        fx(() -> {
            NewWorkspaceDialog d = new NewWorkspaceDialog(new NewWorkspaceViewModel(ctx), stage);
            d.show();
            return d;
        });
        pause(800);
        shotWindow("01-new-workspace-dialog");
        fx(() -> {
            Stage.getWindows().stream().filter(w -> w instanceof NewWorkspaceDialog).toList()
                    .forEach(w -> ((Stage) w).close());
            return null;
        });

        long t0 = System.nanoTime();
        fx(() -> {
            window.viewModel().open(workspace);
            return null;
        });
        waitFor(() -> ctx.analysis() != null, 120);
        report.add(String.format("open workspace (facts + vmlinux index + first analysis): %d ms",
                (System.nanoTime() - t0) / 1_000_000));
        report.add("  " + fx(() -> window.viewModel().statusProperty().get()));
        pause(500);
        fx(() -> {
            window.context().selectionProperty().set(new FnId("kernel/sched/core.c", "try_to_wake_up"));
            window.boundaryViewModel().searchProperty().set("wake");
            return null;
        });
        pause(600);
        shot("02-boundary-functions");

        BoundaryViewModel b = window.boundaryViewModel();
        // warm the analysis, then measure edit -> "what moved" shown
        for (int i = 0; i < 4; i++) { // remove, add, remove, add: the boundary is as it was
            String name = "wake_up_if_idle";
            boolean remove = i % 2 == 0;
            fx(() -> {
                if (remove) {
                    b.remove(BoundaryViewModel.Section.INTERFACE, name);
                } else {
                    b.add(BoundaryViewModel.Section.INTERFACE, name);
                }
                return null;
            });
            waitFor(() -> fx(() -> !b.analysingProperty().get()), 30);
        }
        List<Long> edit = new ArrayList<>();
        List<Long> shown = new ArrayList<>();
        List<Long> analysis = new ArrayList<>();
        String[] names = {"migrate_enable", "task_call_func", "sched_setaffinity", "kick_process", "wake_up_if_idle"};
        for (String name : names) {
            for (boolean remove : new boolean[] {true, false}) {
                long e0 = System.nanoTime();
                fx(() -> {
                    if (remove) {
                        b.remove(BoundaryViewModel.Section.INTERFACE, name);
                    } else {
                        b.add(BoundaryViewModel.Section.INTERFACE, name);
                    }
                    return null;
                });
                waitFor(() -> fx(() -> !b.analysingProperty().get()), 30);
                edit.add((System.nanoTime() - e0) / 1_000_000);
                shown.add(fx(() -> b.lastShownMillisProperty().get()));
                analysis.add(fx(() -> b.lastAnalysisMillisProperty().get()));
            }
        }
        report.add("edit -> what moved shown (ms, incl. " + BoundaryViewModel.DEBOUNCE_MS + " ms debounce): " + edit);
        report.add("edit -> shown, measured in the view-model (ms): " + shown);
        report.add("re-analysis alone, warm (ms): " + analysis);
        fx(() -> {
            b.remove(BoundaryViewModel.Section.INTERFACE, "sched_setaffinity");
            b.searchProperty().set("");
            b.classFilterProperty().set(org.foosched.analysis.boundary.FunctionClass.OUTSIDER);
            return null;
        });
        waitFor(() -> fx(() -> !b.analysingProperty().get()), 30);
        pause(500);
        report.add("moves after removing sched_setaffinity: " + fx(() -> List.copyOf(b.moves())));
        shot("03-boundary-what-moved");
        fx(() -> {
            b.add(BoundaryViewModel.Section.INTERFACE, "sched_setaffinity");
            b.classFilterProperty().set(null);
            selectBoundaryTab(1);
            return null;
        });
        waitFor(() -> fx(() -> !b.analysingProperty().get()), 30);
        pause(500);
        shot("04-boundary-data-table");
        fx(() -> {
            selectBoundaryTab(2);
            return null;
        });
        pause(400);
        shot("05-boundary-lists");
        fx(() -> {
            window.editors().openConfig();
            String text = b.yamlTextProperty().get();
            b.yamlTextProperty().set(text.replace("    - sched_fork\n", "    - sched_fork\n    - 2sched_typo\n"));
            return null;
        });
        pause(700);
        shot("06-boundary-yaml-error");
        fx(() -> {
            b.revert();
            selectBoundaryTab(0);
            return null;
        });
        waitFor(() -> fx(() -> !b.analysingProperty().get()), 30);

        // call graph
        fx(() -> {
            window.showTab("Call graph");
            return null;
        });
        pause(300);
        List<Long> graph = new ArrayList<>();
        String[] centres = {"try_to_wake_up", "__schedule", "enqueue_task_fair", "scheduler_tick", "try_to_wake_up"};
        for (String c : centres) {
            String file = c.endsWith("_fair") ? "kernel/sched/fair.c" : "kernel/sched/core.c";
            long g0 = System.nanoTime();
            fx(() -> {
                window.context().selectionProperty().set(new FnId(file, c));
                return null;
            });
            waitForPulse();
            graph.add((System.nanoTime() - g0) / 1_000_000);
        }
        report.add("call graph appears (selection -> next rendered frame, 1 hop, ms): " + graph);
        fx(() -> {
            window.graphViewModel().hopsProperty().set(2);
            return null;
        });
        long g2 = System.nanoTime();
        waitForPulse();
        report.add("call graph 2 hops try_to_wake_up: " + (System.nanoTime() - g2) / 1_000_000 + " ms, "
                + fx(() -> window.graphViewModel().messageProperty().get()));
        pause(1200);
        shot("07-call-graph");
        fx(() -> {
            window.graphViewModel().modeProperty().set(CallGraphViewModel.Mode.FILES);
            return null;
        });
        pause(1200);
        shot("08-call-graph-files");
        fx(() -> {
            window.graphViewModel().modeProperty().set(CallGraphViewModel.Mode.NEIGHBOURHOOD);
            window.graphViewModel().hopsProperty().set(1);
            return null;
        });

        // editor
        Path core = workspace.resolve("kernel/sched/mod/core.c");
        fx(() -> {
            window.context().open(SourceLocation.of(core, 1));
            return null;
        });
        pause(1500);
        CodeEditorView ed = fx(() -> window.editors().editorFor(core).orElseThrow());
        int schedLine = fx(() -> {
            int at = ed.area().getText().indexOf("static void __sched notrace __schedule(unsigned int sched_mode)");
            return ed.area().offsetToPosition(at, org.fxmisc.richtext.model.TwoDimensional.Bias.Forward).getMajor() + 1;
        });
        fx(() -> {
            ed.goToLine(schedLine - 6);
            ed.find("DON'T MODIFY SIGNATURE: callback");
            return null;
        });
        pause(600);
        fx(() -> {
            ed.goToLine(schedLine - 3);
            return null;
        });
        pause(800);
        shot("09-editor-guarded");

        // the quick-start edit plus a rule breaker, saved; the diff and the safety report
        fx(() -> {
            String text = ed.area().getText();
            int body = text.indexOf("{", text.indexOf("static void __sched notrace __schedule(unsigned int sched_mode)"));
            int line = text.indexOf('\n', body);
            ed.area().insertText(line + 1, "\tif (sched_feat(FOOSCHED_TEST))\n\t\tprintk_once(\"I am the new scheduler: __schedule\\n\");\n\n");
            int init = text.indexOf("void __init sched_init(void)");
            int initBody = ed.area().getText().indexOf("{", ed.area().getText().indexOf("void __init sched_init(void)"));
            ed.area().insertText(initBody + 2, "\tpr_info(\"foosched: sched_init\\n\");\n");
            ed.save();
            return init;
        });
        Path features = workspace.resolve("kernel/sched/mod/features.h");
        fx(() -> {
            window.context().open(SourceLocation.of(features, 1));
            return null;
        });
        pause(800);
        fx(() -> {
            CodeEditorView f = window.editors().editorFor(features).orElseThrow();
            f.area().insertText(f.area().getText().indexOf('\n') + 1, "SCHED_FEAT(FOOSCHED_TEST, false)\n\n");
            f.save();
            window.showTab("Diff & safety");
            return null;
        });
        waitFor(() -> fx(() -> !window.diffViewModel().changedFiles().isEmpty()
                && !window.diffViewModel().busyProperty().get()), 60);
        pause(500);
        fx(() -> {
            window.diffViewModel().selectedFileProperty().set("kernel/sched/mod/core.c");
            window.bottomTabs().getSelectionModel().select(window.problemsTab());
            return null;
        });
        pause(1200);
        report.add("diff summary: " + fx(() -> window.diffViewModel().summaryProperty().get()));
        report.add("findings: " + fx(() -> window.diffViewModel().findings().stream().map(Object::toString).toList()));
        shot("10-diff-and-safety");

        if (build) {
            fx(() -> {
                window.showTab("Build");
                window.buildViewModel().build();
                return null;
            });
            long b0 = System.nanoTime();
            pause(4000);
            shot("11-build-running");
            waitFor(() -> fx(() -> !window.buildViewModel().runningProperty().get()), 1800);
            report.add("build: " + fx(() -> window.buildViewModel().resultProperty().get()) + " (wall "
                    + (System.nanoTime() - b0) / 1_000_000_000 + " s)");
            pause(600);
            shot("12-build-result");
        }
        // the Deploy panel needs a test host: DeployScreenshotTour takes its screenshots (13-deploy-*)
    }

    private void selectBoundaryTab(int i) {
        TabPane tabs = (TabPane) window.boundaryPanel().lookup("#boundary-tabs");
        tabs.getSelectionModel().select(i);
    }

    private void shot(String name) throws Exception {
        waitForPulse();
        WritableImage img = fx(() -> stage.getScene().snapshot(null));
        save(img, name);
    }

    private void shotWindow(String name) throws Exception {
        waitForPulse();
        WritableImage img = fx(() -> {
            Stage top = Stage.getWindows().stream().filter(w -> w instanceof NewWorkspaceDialog)
                    .map(w -> (Stage) w).findFirst().orElse(stage);
            return top.getScene().snapshot(null);
        });
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

    static <T> T fx(Supplier<T> s) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                f.complete(s.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(120, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the frame after the current one has been rendered. */
    static void waitForPulse() throws InterruptedException {
        for (int i = 0; i < 2; i++) {
            CountDownLatch l = new CountDownLatch(1);
            Platform.runLater(() -> {
                javafx.animation.AnimationTimer t = new javafx.animation.AnimationTimer() {
                    @Override
                    public void handle(long now) {
                        stop();
                        l.countDown();
                    }
                };
                t.start();
                Platform.requestNextPulse();
            });
            l.await(10, TimeUnit.SECONDS);
        }
    }

    static void waitFor(BooleanSupplier c, int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    static void pause(long ms) throws InterruptedException {
        Thread.sleep(ms);
    }
}
