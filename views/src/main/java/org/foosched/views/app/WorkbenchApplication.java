package org.foosched.views.app;

import javafx.application.Application;
import javafx.scene.Scene;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.foosched.views.workbench.WorkbenchContext;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The JavaFX application. Started by {@link WorkbenchLauncher} ({@code foosched gui}); opens
 * the work directory given on the command line, else the last workspace, else the welcome
 * screen.
 */
public final class WorkbenchApplication extends Application {

    public static final String STYLESHEET = "/org/foosched/views/workbench.css";

    private WorkbenchContext ctx;
    private MainWindow window;
    private WorkbenchSettings settings;

    @Override
    public void start(Stage stage) {
        ctx = WorkbenchContext.forJavaFx();
        settings = WorkbenchSettings.load();
        MainViewModel vm = new MainViewModel(ctx, settings);
        window = new MainWindow(ctx, vm);
        Scene scene = new Scene(window, settings.width, settings.height);
        scene.getStylesheets().add(WorkbenchApplication.class.getResource(STYLESHEET).toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(vm.titleProperty());
        try (InputStream icon = WorkbenchApplication.class.getResourceAsStream("/org/foosched/views/icons/foosched-64.png")) {
            if (icon != null) {
                stage.getIcons().add(new Image(icon));
            }
        } catch (java.io.IOException e) {
            // no icon: nothing lost
        }
        if (!Double.isNaN(settings.x) && !Double.isNaN(settings.y)) {
            stage.setX(settings.x);
            stage.setY(settings.y);
        }
        stage.setMaximized(settings.maximized);
        stage.setOnCloseRequest(e -> {
            if (window.editors().hasUnsaved() && !ClosePrompt.confirm(stage, window)) {
                e.consume();
            }
        });
        stage.show();
        Path initial = initialWorkspace(getParameters().getRaw(), settings);
        if (initial != null) {
            vm.open(initial);
        }
    }

    static Path initialWorkspace(List<String> args, WorkbenchSettings settings) {
        if (!args.isEmpty()) {
            return Path.of(args.get(0)).toAbsolutePath().normalize();
        }
        if (settings.lastWorkspace != null && MainViewModel.check(Path.of(settings.lastWorkspace)) == null) {
            return Path.of(settings.lastWorkspace);
        }
        return null;
    }

    @Override
    public void stop() {
        if (window != null && window.getScene() != null && window.getScene().getWindow() instanceof Stage s) {
            settings.maximized = s.isMaximized();
            if (!s.isMaximized()) {
                settings.x = s.getX();
                settings.y = s.getY();
                settings.width = s.getWidth();
                settings.height = s.getHeight();
            }
            window.rememberLayout();
            settings.save();
        }
        if (window != null) {
            window.deployViewModel().close(); // stops a kernel-log tail; a running VM stays up (foosched vm stop)
        }
        if (ctx != null) {
            ctx.shutdown();
        }
    }
}
