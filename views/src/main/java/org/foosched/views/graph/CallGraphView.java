package org.foosched.views.graph;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Line;
import org.foosched.analysis.boundary.FunctionClass;
import org.graphstream.graph.Edge;
import org.graphstream.graph.Graph;
import org.graphstream.graph.Node;
import org.graphstream.graph.implementations.MultiGraph;
import org.graphstream.ui.fx_viewer.FxViewPanel;
import org.graphstream.ui.fx_viewer.FxViewer;
import org.graphstream.ui.geom.Point3;
import org.graphstream.ui.graphicGraph.GraphicElement;
import org.graphstream.ui.graphicGraph.GraphicGraph;
import org.graphstream.ui.view.View;
import org.graphstream.ui.view.camera.Camera;
import org.graphstream.ui.view.util.InteractiveElement;
import org.graphstream.ui.view.util.MouseManager;

import java.util.EnumSet;

/**
 * The call graph, drawn by GraphStream's JavaFX viewer: the neighbourhood of the selected
 * function or the per-file overview, with a legend of the classes. Click a node to select it
 * (the inspector follows), double-click to open its code; drag to pan, scroll to zoom.
 */
public final class CallGraphView extends BorderPane {

    private static final String STYLE = """
            graph { fill-color: #fcfcfe; padding: 150px, 30px; }
            node { size: 13px; stroke-mode: plain; stroke-color: #37474f; stroke-width: 1px;
                   text-alignment: under; text-size: 12; text-color: #212121; text-offset: 0px, 2px;
                   text-background-mode: rounded-box; text-background-color: #ffffffdd; text-padding: 2px; }
            node.focus { size: 22px; stroke-width: 3px; stroke-color: #000000; text-style: bold; text-size: 14; }
            node.external { shape: box; size: 12px; text-color: #616161; }
            node.callers { text-alignment: at-left; }
            node.callees { text-alignment: at-right; text-offset: 4px, 0px; }
            node.file { size-mode: dyn-size; text-alignment: at-right; text-offset: 6px, 0px; }
            edge { fill-color: #90a4ae; arrow-size: 9px, 4px; size: 1px; }
            edge.address { fill-color: #ab47bc; }
            edge.outside { fill-color: %s; size: 2px; }
            """.formatted(ClassColors.OUTSIDE_EDGE);

    /** Rows closer than this on screen make labels overlap. */
    private static final double MIN_ROW_PIXELS = 17;

    private final CallGraphViewModel vm;
    private final Graph graph = new MultiGraph("callgraph", false, true);
    private final FxViewer viewer;
    private final FxViewPanel panel;
    private double dragX;
    private double dragY;
    private boolean dragged;

    public CallGraphView(CallGraphViewModel vm) {
        this.vm = vm;
        getStyleClass().add("call-graph");
        graph.setAttribute("ui.stylesheet", stylesheet());
        graph.setAttribute("ui.antialias");
        graph.setAttribute("ui.quality");
        viewer = new FxViewer(graph, FxViewer.ThreadingModel.GRAPH_IN_GUI_THREAD);
        viewer.disableAutoLayout();
        panel = (FxViewPanel) viewer.addDefaultView(false);
        panel.setMouseManager(new InertMouseManager());
        panel.setMinSize(100, 100);
        StackPane holder = new StackPane(panel);
        holder.setMinSize(100, 100);
        holder.setId("call-graph-canvas");
        setCenter(holder);
        setTop(toolbar());
        setBottom(legend());

        panel.addEventFilter(MouseEvent.MOUSE_PRESSED, e -> {
            dragX = e.getX();
            dragY = e.getY();
            dragged = false;
        });
        panel.addEventFilter(MouseEvent.MOUSE_DRAGGED, e -> {
            Camera cam = panel.getCamera();
            Point3 a = cam.transformPxToGu(dragX, dragY);
            Point3 b = cam.transformPxToGu(e.getX(), e.getY());
            Point3 c = cam.getViewCenter();
            cam.setViewCenter(c.x - (b.x - a.x), c.y - (b.y - a.y), 0);
            dragX = e.getX();
            dragY = e.getY();
            dragged = true;
        });
        panel.addEventFilter(MouseEvent.MOUSE_CLICKED, e -> {
            if (dragged || e.getButton() != MouseButton.PRIMARY) {
                return;
            }
            String id = nodeAt(e.getX(), e.getY());
            if (id != null) {
                if (e.getClickCount() >= 2) {
                    vm.open(id);
                } else {
                    vm.select(id);
                }
            }
        });
        panel.addEventFilter(ScrollEvent.SCROLL, e -> {
            Camera cam = panel.getCamera();
            double f = e.getDeltaY() > 0 ? 0.9 : 1.1;
            cam.setViewPercent(Math.max(0.05, Math.min(4, cam.getViewPercent() * f)));
            e.consume();
        });
        vm.sliceProperty().addListener((o, a, b) -> {
            if (vm.modeProperty().get() == CallGraphViewModel.Mode.NEIGHBOURHOOD) {
                show(b);
            }
        });
        vm.overviewProperty().addListener((o, a, b) -> {
            if (vm.modeProperty().get() == CallGraphViewModel.Mode.FILES) {
                show(b);
            }
        });
        show(vm.sliceProperty().get());
    }

    /** The id of the node under a point of the panel, or null. */
    public String nodeAt(double x, double y) {
        GraphicElement el = panel.findGraphicElementAt(EnumSet.of(InteractiveElement.NODE), x, y);
        return el == null ? null : el.getId();
    }

    /** Where a node is drawn, in the panel's pixels (for tests and screenshots). */
    public Point3 pixelsOf(String id) {
        GraphicGraph gg = viewer.getGraphicGraph();
        org.graphstream.ui.graphicGraph.GraphicNode n = (org.graphstream.ui.graphicGraph.GraphicNode) gg.getNode(id);
        if (n == null) {
            return null;
        }
        return panel.getCamera().transformGuToPx(n.getX(), n.getY(), 0);
    }

    public FxViewPanel panel() {
        return panel;
    }

    public Graph graph() {
        return graph;
    }

    private void show(CallGraphSlice s) {
        graph.clear();
        graph.setAttribute("ui.stylesheet", stylesheet());
        graph.setAttribute("ui.antialias");
        graph.setAttribute("ui.quality");
        if (s == null) {
            return;
        }
        for (CallGraphSlice.Node n : s.nodes()) {
            Node gn = graph.addNode(n.key());
            gn.setAttribute("xyz", n.x(), n.y(), 0);
            gn.setAttribute("ui.label", n.label());
            String cls = ClassColors.cssClass(n.cls());
            if (n.external()) {
                cls = "external";
            }
            String side = n.column() < 0 ? ", callers" : n.column() > 0 ? ", callees" : ", focus";
            gn.setAttribute("ui.class", cls + side);
        }
        int i = 0;
        for (CallGraphSlice.Edge e : s.edges()) {
            Edge ge = graph.addEdge("e" + i++, e.from(), e.to(), true);
            String cls = e.fromOutside() ? "outside" : e.kind() == org.foosched.analysis.model.Use.Kind.ADDRESS
                    ? "address" : "call";
            ge.setAttribute("ui.class", cls);
        }
        panel.getCamera().resetView();
        keepLabelsLegible(s);
    }

    /**
     * Fitting a big neighbourhood into the panel would pack the rows under the labels' height;
     * then the view zooms in on the centre instead (drag and scroll show the rest).
     */
    private void keepLabelsLegible(CallGraphSlice s) {
        double minY = s.nodes().stream().mapToDouble(CallGraphSlice.Node::y).min().orElse(0);
        double maxY = s.nodes().stream().mapToDouble(CallGraphSlice.Node::y).max().orElse(0);
        double minX = s.nodes().stream().mapToDouble(CallGraphSlice.Node::x).min().orElse(0);
        double maxX = s.nodes().stream().mapToDouble(CallGraphSlice.Node::x).max().orElse(0);
        double w = Math.max(200, panel.getWidth() - 300);
        double h = Math.max(150, panel.getHeight() - 60);
        double fit = Math.min(w / Math.max(1, maxX - minX), h / Math.max(1, maxY - minY));
        double wanted = MIN_ROW_PIXELS / CallGraphSlice.ROW_HEIGHT;
        if (fit < wanted) {
            panel.getCamera().setViewCenter(0, 0, 0);
            panel.getCamera().setViewPercent(fit / wanted);
        }
    }

    private void show(FileOverview o) {
        graph.clear();
        graph.setAttribute("ui.stylesheet", stylesheet());
        graph.setAttribute("ui.antialias");
        if (o == null) {
            return;
        }
        int max = o.files().stream().mapToInt(FileOverview.FileNode::total).max().orElse(1);
        for (FileOverview.FileNode f : o.files()) {
            Node gn = graph.addNode(f.file());
            gn.setAttribute("xyz", f.x(), f.y(), 0);
            gn.setAttribute("ui.label", f.label());
            gn.setAttribute("ui.class", ClassColors.cssClass(f.dominant()) + ", file");
            gn.setAttribute("ui.size", 12 + 30 * Math.sqrt(f.total() / (double) max));
        }
        int i = 0;
        int maxCalls = o.calls().stream().mapToInt(FileOverview.FileEdge::calls).max().orElse(1);
        for (FileOverview.FileEdge e : o.calls()) {
            Edge ge = graph.addEdge("f" + i++, e.from(), e.to(), true);
            ge.setAttribute("ui.class", e.fromOutside() ? "outside" : "call");
            if (e.calls() >= Math.max(5, maxCalls / 8)) {
                ge.setAttribute("ui.label", String.valueOf(e.calls()));
            }
            ge.setAttribute("ui.style", "size: " + (1 + 4.0 * e.calls() / maxCalls) + "px; text-size: 10; text-color: #546e7a;");
        }
        panel.getCamera().resetView();
    }

    /** GraphStream's style sheet of the graph (its CSS dialect: some words, like center or left, are reserved). */
    public static String stylesheet() {
        return STYLE + classStyles();
    }

    private static String classStyles() {
        StringBuilder sb = new StringBuilder();
        for (FunctionClass c : FunctionClass.values()) {
            sb.append("node.").append(ClassColors.cssClass(c)).append(" { fill-color: ").append(ClassColors.of(c))
                    .append("; }\n");
        }
        sb.append("node.external { fill-color: ").append(ClassColors.EXTERNAL).append("; }\n");
        return sb.toString();
    }

    private HBox toolbar() {
        ToggleGroup g = new ToggleGroup();
        RadioButton around = new RadioButton("Neighbourhood");
        around.setId("graph-neighbourhood");
        RadioButton files = new RadioButton("Files overview");
        files.setId("graph-files");
        around.setToggleGroup(g);
        files.setToggleGroup(g);
        around.setSelected(vm.modeProperty().get() == CallGraphViewModel.Mode.NEIGHBOURHOOD);
        files.setSelected(!around.isSelected());
        g.selectedToggleProperty().addListener((o, a, b) -> vm.modeProperty().set(b == files
                ? CallGraphViewModel.Mode.FILES : CallGraphViewModel.Mode.NEIGHBOURHOOD));
        ChoiceBox<Integer> hops = new ChoiceBox<>();
        hops.setId("graph-hops");
        hops.getItems().addAll(1, 2, 3);
        hops.setValue(vm.hopsProperty().get());
        hops.valueProperty().addListener((o, a, b) -> vm.hopsProperty().set(b));
        vm.hopsProperty().addListener((o, a, b) -> hops.setValue(b.intValue()));
        vm.modeProperty().addListener((o, a, b) -> (b == CallGraphViewModel.Mode.FILES ? files : around).setSelected(true));
        hops.setTooltip(new Tooltip("calls away from the selected function"));
        Label msg = new Label();
        msg.textProperty().bind(vm.messageProperty());
        msg.setId("graph-message");
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(10, around, files, new Label("hops"), hops, spring, msg);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        return bar;
    }

    private VBox legend() {
        FlowPane items = new FlowPane(12, 4);
        items.setId("graph-legend");
        for (FunctionClass c : FunctionClass.values()) {
            items.getChildren().add(swatch(ClassColors.of(c), c.label()));
        }
        items.getChildren().add(swatch(ClassColors.EXTERNAL, "vmlinux caller outside the units"));
        Line red = new Line(0, 0, 22, 0);
        red.setStroke(Color.web(ClassColors.OUTSIDE_EDGE));
        red.setStrokeWidth(2.5);
        HBox edge = new HBox(4, red, new Label("call from code that stays in vmlinux"));
        edge.setAlignment(Pos.CENTER_LEFT);
        items.getChildren().add(edge);
        VBox box = new VBox(items);
        box.setPadding(new Insets(4, 8, 6, 8));
        return box;
    }

    private static HBox swatch(String color, String text) {
        Circle c = new Circle(6, Color.web(color));
        c.setStroke(Color.web("#37474f"));
        HBox h = new HBox(4, c, new Label(text));
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    /** No GraphStream mouse handling: clicks, pan and zoom are ours. */
    private static final class InertMouseManager implements MouseManager {
        @Override
        public void init(GraphicGraph graph, View view) {
        }

        @Override
        public void release() {
        }

        @Override
        public EnumSet<InteractiveElement> getManagedTypes() {
            return EnumSet.noneOf(InteractiveElement.class);
        }
    }
}
