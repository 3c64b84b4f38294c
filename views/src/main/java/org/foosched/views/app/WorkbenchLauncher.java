package org.foosched.views.app;

import javafx.application.Application;

import java.nio.file.Path;

/**
 * Starts the workbench. A class that does not extend {@link Application}, so that the
 * application runs from a plain classpath jar (JavaFX refuses to launch a main class that
 * extends Application from the classpath).
 */
public final class WorkbenchLauncher {

    private WorkbenchLauncher() {
    }

    public static void main(String[] args) {
        Application.launch(WorkbenchApplication.class, args);
    }

    /** Opens the workbench on {@code workDir} (null: the last workspace, or the welcome screen); blocks until it closes. */
    public static void launch(Path workDir) {
        main(workDir == null ? new String[0] : new String[] {workDir.toAbsolutePath().toString()});
    }
}
