package org.foosched.app.cli;

import org.foosched.analysis.workspace.Workspace;
import org.foosched.views.app.WorkbenchLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code foosched gui [WORK_DIR]}: the workbench. Without a work directory it opens the last
 * workspace, or offers to make one from a Debian kernel release or to open one.
 */
@Command(name = "gui", aliases = "workbench",
        description = "Open the workbench (JavaFX) on WORK_DIR, or on the last workspace, or on its welcome screen.")
public final class GuiCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", paramLabel = "WORK_DIR", description = "a workspace made by foosched init")
    Path workDir;

    @Override
    public Integer call() {
        if (workDir != null && !new Workspace(workDir).exists()) {
            throw new IllegalArgumentException(workDir + (Files.isDirectory(workDir) ? " is not a Foosched workspace "
                    + "(no working/workspace.json); make one with: foosched init <release> <kernel_src> " + workDir
                    : " does not exist") + " — or run 'foosched gui' and choose \"New workspace from a Debian kernel release…\"");
        }
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null
                && !"Monocle".equals(System.getProperty("glass.platform"))) {
            throw new IllegalArgumentException("no display (DISPLAY is not set): run the workbench in a desktop session, "
                    + "with ssh -X, or under xvfb-run");
        }
        WorkbenchLauncher.launch(workDir);
        return 0;
    }
}
