package org.foosched.analysis.pipeline;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.config.BoundaryConfigLoader;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.workspace.Workspace;
import org.foosched.analysis.workspace.WorkspaceInfo;

import java.nio.file.Path;

/** An opened workspace: its metadata, its boundary configuration and the loaded analysis session. */
public final class WorkspaceSession {

    private final Workspace workspace;
    private final WorkspaceInfo info;
    private final AnalysisSession session;

    private WorkspaceSession(Workspace workspace, WorkspaceInfo info, AnalysisSession session) {
        this.workspace = workspace;
        this.info = info;
        this.session = session;
    }

    public static WorkspaceSession open(Path dir, Progress progress) {
        Workspace ws = new Workspace(dir);
        WorkspaceInfo info = ws.requireInfo();
        AnalysisSession s = AnalysisSession.load(ws.factsDir(), Path.of(info.vmlinux()),
                Path.of(info.headersDir()).resolve("Module.symvers"), info.units(), progress);
        return new WorkspaceSession(ws, info, s);
    }

    public BoundaryConfig config() {
        return new BoundaryConfigLoader().load(workspace.configFile());
    }

    /** Analyses with the workspace's current boundary.yaml. */
    public AnalysisResult analyze() {
        return session.analyze(config());
    }

    public Workspace workspace() {
        return workspace;
    }

    public WorkspaceInfo info() {
        return info;
    }

    public AnalysisSession session() {
        return session;
    }
}
