package org.foosched.app.cli;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.pipeline.WorkspaceSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;

/** {@code foosched explain WORK_DIR NAME}: why a function or variable is classified so. */
@Command(name = "explain", description = "Say why a function or variable is an interface, insider, outsider, shared, private...")
public final class ExplainCommand extends LocalCommand {

    @Parameters(index = "0", paramLabel = "WORK_DIR")
    Path workDir;

    @Parameters(index = "1", paramLabel = "NAME", description = "function or variable name")
    String name;

    @Override
    public Integer call() {
        AnalysisResult a = WorkspaceSession.open(workDir, new ConsoleProgress(err(), false)).analyze();
        List<NodeId> ids = a.named(name);
        if (ids.isEmpty()) {
            err().println("foosched: '" + name + "' is not defined in the scheduler's translation units");
            return 1;
        }
        for (NodeId id : ids) {
            a.explain(id).forEach(out()::println);
        }
        return 0;
    }
}
