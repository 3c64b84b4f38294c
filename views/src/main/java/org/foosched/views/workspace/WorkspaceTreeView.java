package org.foosched.views.workspace;

import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.views.workbench.SourceLocation;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Files;

/** The workspace tree: module sources, other headers, boundary.yaml, reports; double-click opens. */
public final class WorkspaceTreeView extends TreeView<WorkspaceEntry> {

    private final WorkbenchContext ctx;

    public WorkspaceTreeView(WorkbenchContext ctx) {
        this.ctx = ctx;
        setId("workspace-tree");
        setShowRoot(true);
        ctx.sessionProperty().addListener((o, a, b) -> refresh());
        setOnMouseClicked(e -> {
            TreeItem<WorkspaceEntry> item = getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && item != null && item.getValue().path() != null
                    && Files.isRegularFile(item.getValue().path())) {
                ctx.open(SourceLocation.of(item.getValue().path()));
            }
        });
        refresh();
    }

    public void refresh() {
        WorkspaceSession s = ctx.session();
        if (s == null) {
            setRoot(null);
            return;
        }
        setRoot(item(WorkspaceEntry.of(s.workspace()), true));
    }

    private static TreeItem<WorkspaceEntry> item(WorkspaceEntry e, boolean expanded) {
        TreeItem<WorkspaceEntry> t = new TreeItem<>(e);
        for (WorkspaceEntry c : e.children()) {
            t.getChildren().add(item(c, c.label().equals("kernel/sched/mod") || c.label().equals("reports")));
        }
        t.setExpanded(expanded);
        return t;
    }
}
