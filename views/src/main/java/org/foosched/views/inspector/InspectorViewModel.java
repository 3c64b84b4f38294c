package org.foosched.views.inspector;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.views.editor.DefinitionLocator;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Path;

/** The inspector: follows the workbench's selection and the latest analysis. */
public final class InspectorViewModel {

    private final WorkbenchContext ctx;
    private final ObjectProperty<Inspection> inspection = new SimpleObjectProperty<>();

    public InspectorViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        ctx.selectionProperty().addListener((o, a, b) -> refresh());
        ctx.analysisProperty().addListener((o, a, b) -> refresh());
    }

    private void refresh() {
        NodeId id = ctx.selectionProperty().get();
        AnalysisResult r = ctx.analysis();
        WorkspaceSession s = ctx.session();
        inspection.set(id == null || r == null || s == null ? null : Inspection.of(r, s.session().model(), id));
    }

    public ObjectProperty<Inspection> inspectionProperty() {
        return inspection;
    }

    /** Selects another definition (a caller or callee clicked in the inspector). */
    public void select(NodeId id) {
        ctx.selectionProperty().set(id);
    }

    /** Opens the selected definition in the editor. */
    public void openDefinition(NodeId id) {
        WorkspaceSession s = ctx.session();
        if (s == null || id == null) {
            return;
        }
        new DefinitionLocator(s.workspace().root(), Path.of(s.info().kernelSource()))
                .locate(s.session().model(), id).ifPresent(ctx::open);
    }
}
