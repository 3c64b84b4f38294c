package org.foosched.views.testing;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.analysis.progress.Progress;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Path;

/** A copy of the fixture workspace, opened into a workbench context as the main window opens one. */
public final class OpenedFixture {

    public final PumpedUi ui = new PumpedUi();
    public final WorkbenchContext ctx = ui.context();
    public final Path root;
    public final WorkspaceSession session;

    public OpenedFixture(Path dir) {
        root = FixtureWorkspace.copy(dir.resolve("ws"));
        session = WorkspaceSession.open(root, Progress.NONE);
        AnalysisResult r = session.analyze();
        ctx.sessionProperty().set(session);
        ctx.analysisProperty().set(r);
    }

    public Path mod(String file) {
        return root.resolve("kernel/sched/mod").resolve(file);
    }

    public void close() {
        ctx.shutdown();
    }
}
