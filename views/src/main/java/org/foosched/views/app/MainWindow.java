package org.foosched.views.app;

import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import org.foosched.analysis.model.NodeId;
import org.foosched.views.boundary.BoundaryPanel;
import org.foosched.views.boundary.BoundaryViewModel;
import org.foosched.views.build.BuildPanel;
import org.foosched.views.build.BuildViewModel;
import org.foosched.views.console.LogConsoleView;
import org.foosched.views.deploy.DeployPanel;
import org.foosched.views.deploy.DeployViewModel;
import org.foosched.views.diff.DiffView;
import org.foosched.views.diff.DiffViewModel;
import org.foosched.views.editor.EditorTabs;
import org.foosched.views.graph.CallGraphView;
import org.foosched.views.graph.CallGraphViewModel;
import org.foosched.views.inspector.InspectorView;
import org.foosched.views.inspector.InspectorViewModel;
import org.foosched.views.problems.ProblemsView;
import org.foosched.views.workbench.WorkbenchContext;
import org.foosched.views.workspace.NewWorkspaceDialog;
import org.foosched.views.workspace.NewWorkspaceViewModel;
import org.foosched.views.workspace.WelcomeView;
import org.foosched.views.workspace.WorkspaceTreeView;

import java.io.File;
import java.nio.file.Path;

/**
 * The workbench window: the workspace tree on the left, the panels and editor tabs in the
 * centre (boundary, call graph, diff and change safety, build, deploy, then the open files),
 * the inspector on the right, the log and the problems below, a status line at the bottom.
 * Before a workspace is open, the centre offers to make one or open one.
 */
public final class MainWindow extends BorderPane {

    private final WorkbenchContext ctx;
    private final MainViewModel vm;
    private final BoundaryViewModel boundaryVm;
    private final CallGraphViewModel graphVm;
    private final DiffViewModel diffVm;
    private final BuildViewModel buildVm;
    private final InspectorViewModel inspectorVm;
    private final DeployViewModel deployVm;
    private final TabPane centre = new TabPane();
    private final TabPane bottom = new TabPane();
    private final EditorTabs editors;
    private final BoundaryPanel boundaryPanel;
    private final CallGraphView graphView;
    private final DiffView diffView;
    private final BuildPanel buildPanel;
    private final DeployPanel deployPanel;
    private final InspectorView inspector;
    private final WorkspaceTreeView tree;
    private final ProblemsView problems;
    private final SplitPane horizontal;
    private final SplitPane vertical;
    private final StackPane stack;
    private final WelcomeView welcome;
    private final Tab boundaryTab;
    private final Tab graphTab;
    private final Tab diffTab;
    private final Tab buildTab;
    private final Tab deployTab;
    private final Tab problemsTab;

    public MainWindow(WorkbenchContext ctx, MainViewModel vm) {
        this(ctx, vm, new DeployViewModel(ctx));
    }

    /** With the deploy panel's view-model given (tests and the screenshot tour point it at their own inventory). */
    public MainWindow(WorkbenchContext ctx, MainViewModel vm, DeployViewModel deployVm) {
        this.ctx = ctx;
        this.deployVm = deployVm;
        this.vm = vm;
        setId("main-window");
        boundaryVm = new BoundaryViewModel(ctx);
        graphVm = new CallGraphViewModel(ctx);
        diffVm = new DiffViewModel(ctx);
        buildVm = new BuildViewModel(ctx);
        inspectorVm = new InspectorViewModel(ctx);
        editors = new EditorTabs(centre, ctx, boundaryVm);
        ctx.openerProperty().set(editors::open);
        editors.setAfterSave(diffVm::refresh);
        diffVm.onPatched(editors::reloadAll);

        boundaryPanel = new BoundaryPanel(boundaryVm, id -> ctx.selectionProperty().set(id),
                inspectorVm::openDefinition, editors::openConfig);
        graphView = new CallGraphView(graphVm);
        diffView = new DiffView(diffVm);
        buildPanel = new BuildPanel(buildVm);
        boundaryTab = fixed("Boundary", boundaryPanel);
        graphTab = fixed("Call graph", graphView);
        diffTab = fixed("Diff & safety", diffView);
        buildTab = fixed("Build", buildPanel);
        deployPanel = new DeployPanel(deployVm);
        deployTab = fixed("Deploy", deployPanel);
        centre.getTabs().addAll(boundaryTab, graphTab, diffTab, buildTab, deployTab);
        centre.setId("centre-tabs");
        centre.setTabDragPolicy(TabPane.TabDragPolicy.REORDER);
        centre.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b == diffTab) {
                diffVm.refresh();
            }
            if (b == deployTab) {
                deployVm.activate(); // the first time: hosts, history, statuses
                deployVm.refreshPackage(); // a build may have made a newer one
            }
        });

        tree = new WorkspaceTreeView(ctx);
        inspector = new InspectorView(inspectorVm);
        problems = new ProblemsView(ctx.problems(), editors::open);
        Tab log = new Tab("Log", new LogConsoleView(ctx.log()));
        log.setClosable(false);
        problemsTab = new Tab("Problems", problems);
        problemsTab.setClosable(false);
        problemsTab.setId("tab-problems");
        log.setId("tab-log");
        ctx.problems().items().addListener((javafx.collections.ListChangeListener<org.foosched.views.problems.ProblemItem>) c ->
                problemsTab.setText("Problems (" + ctx.problems().items().size() + ")"));
        bottom.getTabs().addAll(problemsTab, log);
        bottom.setId("bottom-tabs");

        vertical = new SplitPane(centre, bottom);
        vertical.setOrientation(Orientation.VERTICAL);
        horizontal = new SplitPane(tree, vertical, inspector);
        SplitPane.setResizableWithParent(tree, false);
        SplitPane.setResizableWithParent(inspector, false);
        WorkbenchSettings s = vm.settings();
        horizontal.setDividerPositions(s.horizontalDividers);
        vertical.setDividerPositions(s.verticalDivider);

        NewWorkspaceViewModel newVm = new NewWorkspaceViewModel(ctx);
        welcome = new WelcomeView(s, () -> newWorkspace(newVm), this::chooseWorkspace, p -> vm.open(p));
        stack = new StackPane(horizontal, welcome);
        horizontal.visibleProperty().bind(ctx.sessionProperty().isNotNull());
        welcome.visibleProperty().bind(ctx.sessionProperty().isNull());
        newVm.createdProperty().addListener((o, a, p) -> {
            if (p != null) {
                vm.open(p);
            }
        });

        setTop(menus(newVm));
        setCenter(stack);
        setBottom(statusBar());
    }

    private static Tab fixed(String name, javafx.scene.Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        t.setId("tab-" + name.toLowerCase().replaceAll("[^a-z]+", "-"));
        return t;
    }

    private MenuBar menus(NewWorkspaceViewModel newVm) {
        MenuItem newWs = new MenuItem("New workspace from a Debian kernel release…");
        newWs.setOnAction(e -> newWorkspace(newVm));
        MenuItem open = new MenuItem("Open workspace…");
        open.setAccelerator(new KeyCodeCombination(KeyCode.O, KeyCombination.SHORTCUT_DOWN));
        open.setOnAction(e -> chooseWorkspace());
        Menu recent = new Menu("Recent workspaces");
        recent.setOnShowing(e -> {
            recent.getItems().clear();
            for (String p : vm.settings().recentWorkspaces) {
                MenuItem m = new MenuItem(p);
                m.setMnemonicParsing(false);
                m.setOnAction(x -> vm.open(Path.of(p)));
                recent.getItems().add(m);
            }
            if (recent.getItems().isEmpty()) {
                MenuItem none = new MenuItem("none yet");
                none.setDisable(true);
                recent.getItems().add(none);
            }
        });
        recent.getItems().add(new MenuItem("none yet"));
        MenuItem saveAll = new MenuItem("Save all");
        saveAll.setAccelerator(new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN, KeyCombination.SHIFT_DOWN));
        saveAll.setOnAction(e -> editors.saveAll());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN));
        quit.setOnAction(e -> {
            Window w = getScene().getWindow();
            w.fireEvent(new javafx.stage.WindowEvent(w, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        });
        Menu file = new Menu("File", null, newWs, open, recent, new SeparatorMenuItem(), saveAll, new SeparatorMenuItem(), quit);

        MenuItem boundary = new MenuItem("Boundary");
        boundary.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT1, KeyCombination.ALT_DOWN));
        boundary.setOnAction(e -> centre.getSelectionModel().select(boundaryTab));
        MenuItem graph = new MenuItem("Call graph");
        graph.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT2, KeyCombination.ALT_DOWN));
        graph.setOnAction(e -> centre.getSelectionModel().select(graphTab));
        MenuItem diff = new MenuItem("Diff & safety");
        diff.setAccelerator(new KeyCodeCombination(KeyCode.DIGIT3, KeyCombination.ALT_DOWN));
        diff.setOnAction(e -> centre.getSelectionModel().select(diffTab));
        MenuItem yaml = new MenuItem("boundary.yaml");
        yaml.setOnAction(e -> editors.openConfig());
        Menu view = new Menu("View", null, boundary, graph, diff, yaml);

        MenuItem build = new MenuItem("Build module");
        build.setAccelerator(new KeyCodeCombination(KeyCode.F9));
        build.setOnAction(e -> {
            centre.getSelectionModel().select(buildTab);
            buildVm.build();
        });
        Menu buildMenu = new Menu("Build", null, build);
        MenuBar bar = new MenuBar(file, view, buildMenu);
        bar.setId("menu-bar");
        return bar;
    }

    private HBox statusBar() {
        Label status = new Label();
        status.setId("status");
        status.textProperty().bind(vm.statusProperty());
        ProgressBar p = new ProgressBar();
        p.progressProperty().bind(vm.progress().fractionProperty());
        p.visibleProperty().bind(vm.openingProperty());
        Label step = new Label();
        step.textProperty().bind(vm.progress().stepProperty());
        step.visibleProperty().bind(vm.openingProperty());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(10, status, spring, step, p);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(3, 8, 3, 8));
        bar.getStyleClass().add("status-bar");
        return bar;
    }

    private void newWorkspace(NewWorkspaceViewModel newVm) {
        new NewWorkspaceDialog(newVm, getScene().getWindow()).show();
    }

    private void chooseWorkspace() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open a Foosched workspace (the work directory of foosched init)");
        String last = vm.settings().lastWorkspace;
        if (last != null) {
            File parent = new File(last).getParentFile();
            if (parent != null && parent.isDirectory()) {
                dc.setInitialDirectory(parent);
            }
        }
        File f = dc.showDialog(getScene().getWindow());
        if (f != null) {
            vm.open(f.toPath());
        }
    }

    /** Stores the window's layout into the settings. */
    public void rememberLayout() {
        WorkbenchSettings s = vm.settings();
        double[] h = horizontal.getDividerPositions();
        if (h.length == 2) {
            s.horizontalDividers = h;
        }
        double[] v = vertical.getDividerPositions();
        if (v.length == 1) {
            s.verticalDivider = v[0];
        }
    }

    public void select(NodeId id) {
        ctx.selectionProperty().set(id);
    }

    public void showTab(String name) {
        for (Tab t : centre.getTabs()) {
            if (t.getText().equals(name)) {
                centre.getSelectionModel().select(t);
            }
        }
    }

    public MainViewModel viewModel() {
        return vm;
    }

    public BoundaryViewModel boundaryViewModel() {
        return boundaryVm;
    }

    public CallGraphViewModel graphViewModel() {
        return graphVm;
    }

    public DiffViewModel diffViewModel() {
        return diffVm;
    }

    public BuildViewModel buildViewModel() {
        return buildVm;
    }

    public DeployViewModel deployViewModel() {
        return deployVm;
    }

    public DeployPanel deployPanel() {
        return deployPanel;
    }

    public EditorTabs editors() {
        return editors;
    }

    public BoundaryPanel boundaryPanel() {
        return boundaryPanel;
    }

    public CallGraphView graphView() {
        return graphView;
    }

    public DiffView diffView() {
        return diffView;
    }

    public TabPane centreTabs() {
        return centre;
    }

    public TabPane bottomTabs() {
        return bottom;
    }

    public Tab problemsTab() {
        return problemsTab;
    }

    public WorkbenchContext context() {
        return ctx;
    }
}
