package org.foosched.views.graph;

import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.pipeline.WorkspaceSession;
import org.foosched.views.editor.DefinitionLocator;
import org.foosched.views.workbench.SourceLocation;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Path;

/**
 * The graph view's state: the neighbourhood of the selected function (1-3 hops) or the
 * per-file overview, rebuilt when the selection or the analysis changes.
 */
public final class CallGraphViewModel {

    public enum Mode { NEIGHBOURHOOD, FILES }

    public static final int PER_COLUMN = 16;

    private final WorkbenchContext ctx;
    private final IntegerProperty hops = new SimpleIntegerProperty(1);
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.NEIGHBOURHOOD);
    private final ObjectProperty<CallGraphSlice> slice = new SimpleObjectProperty<>();
    private final ObjectProperty<FileOverview> overview = new SimpleObjectProperty<>();
    private final LongProperty lastBuildMicros = new SimpleLongProperty(-1);
    private final StringProperty message = new SimpleStringProperty("Select a function to see its callers and callees.");
    private FnId center;
    private boolean selecting;

    public CallGraphViewModel(WorkbenchContext ctx) {
        this.ctx = ctx;
        ctx.selectionProperty().addListener((o, a, b) -> {
            if (b instanceof FnId f && !selecting) {
                center = f;
                rebuild();
            }
        });
        ctx.analysisProperty().addListener((o, a, b) -> rebuild());
        hops.addListener((o, a, b) -> rebuild());
        mode.addListener((o, a, b) -> rebuild());
    }

    public void rebuild() {
        AnalysisResult r = ctx.analysis();
        WorkspaceSession s = ctx.session();
        if (r == null || s == null) {
            slice.set(null);
            overview.set(null);
            return;
        }
        long t0 = System.nanoTime();
        if (mode.get() == Mode.FILES) {
            overview.set(FileOverview.of(r, s.session().model()));
            message.set(overview.get().files().size() + " files; edges count calls between them");
        } else if (center != null && r.function(center).isPresent()) {
            CallGraphSlice sl = CallGraphSlice.around(r, s.session().model(), s.session().view(), center,
                    Math.max(1, Math.min(3, hops.get())), PER_COLUMN);
            slice.set(sl);
            message.set(center.name() + ": " + (sl.nodes().size() - 1) + " neighbours within " + hops.get()
                    + (hops.get() == 1 ? " call" : " calls") + (sl.truncated() ? " (columns cut at " + PER_COLUMN + ")" : ""));
        } else {
            slice.set(null);
        }
        lastBuildMicros.set((System.nanoTime() - t0) / 1000);
    }

    /**
     * A node was clicked: select its function (the inspector follows); the graph stays where it
     * is, so a second click (a double-click) lands on the same node.
     */
    public void select(String key) {
        NodeId id = idOf(key);
        if (id != null) {
            selecting = true;
            try {
                ctx.selectionProperty().set(id);
            } finally {
                selecting = false;
            }
        }
    }

    /** A node was double-clicked: open its definition and centre the graph on it (a file node: open the file). */
    public void open(String key) {
        WorkspaceSession s = ctx.session();
        if (s == null) {
            return;
        }
        DefinitionLocator loc = new DefinitionLocator(s.workspace().root(), Path.of(s.info().kernelSource()));
        if (mode.get() == Mode.FILES) {
            if (!FileOverview.OUTSIDE.equals(key)) {
                loc.fileOf(key).ifPresent(p -> ctx.open(SourceLocation.of(p)));
            }
            return;
        }
        NodeId id = idOf(key);
        if (id != null) {
            loc.locate(s.session().model(), id).ifPresent(ctx::open);
            if (id instanceof FnId f) {
                center = f;
                rebuild();
            }
        }
    }

    private NodeId idOf(String key) {
        CallGraphSlice sl = slice.get();
        if (sl == null || mode.get() != Mode.NEIGHBOURHOOD) {
            return null;
        }
        CallGraphSlice.Node n = sl.node(key);
        return n == null ? null : n.id();
    }

    public IntegerProperty hopsProperty() {
        return hops;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    public ObjectProperty<CallGraphSlice> sliceProperty() {
        return slice;
    }

    public ObjectProperty<FileOverview> overviewProperty() {
        return overview;
    }

    public LongProperty lastBuildMicrosProperty() {
        return lastBuildMicros;
    }

    public StringProperty messageProperty() {
        return message;
    }

    public FnId center() {
        return center;
    }
}
