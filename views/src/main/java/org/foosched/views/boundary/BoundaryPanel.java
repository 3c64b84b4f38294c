package org.foosched.views.boundary;

import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.foosched.analysis.boundary.DataPlacement;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.config.SidecarEntry;
import org.foosched.views.graph.ClassColors;
import org.foosched.views.workbench.UserMessages;

import java.util.Map;
import java.util.function.Consumer;

/**
 * The boundary panel: every function of the units with its class (filter by class and file,
 * search), every variable of the boundary in the seed's 2x2 data table with its action on
 * load, and the editable lists of boundary.yaml (interfaces, outsiders, extra_public,
 * force_private, critical, sidecar). Each change re-runs the analysis; what moved is listed
 * at the top.
 */
public final class BoundaryPanel extends BorderPane {

    private final BoundaryViewModel vm;
    private final Consumer<org.foosched.analysis.model.NodeId> select;
    private final Consumer<org.foosched.analysis.model.NodeId> open;
    private final Runnable openYaml;
    private final Label message = new Label();
    private final TableView<FunctionRow> functionTable = new TableView<>();
    private final TableView<VariableRow> variableTable = new TableView<>();

    /**
     * @param select   selects a function or variable in the workbench (inspector, graph)
     * @param open     opens its definition
     * @param openYaml opens boundary.yaml in an editor tab
     */
    public BoundaryPanel(BoundaryViewModel vm, Consumer<org.foosched.analysis.model.NodeId> select,
                         Consumer<org.foosched.analysis.model.NodeId> open, Runnable openYaml) {
        this.vm = vm;
        this.select = select;
        this.open = open;
        this.openYaml = openYaml;
        getStyleClass().add("boundary-panel");

        TabPane tabs = new TabPane(tab("Functions", functionsTab()), tab("Data", dataTab()), tab("Lists", listsTab()));
        tabs.setId("boundary-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        ListView<String> moves = new ListView<>(vm.moves());
        moves.setId("moves");
        moves.setPrefHeight(130);
        moves.setPlaceholder(new Label("Change a list or a toggle: what moves is listed here."));
        moves.setCellFactory(l -> wrappingCell());
        TitledPane movesPane = new TitledPane("What moved", moves);
        movesPane.setCollapsible(false);

        SplitPane split = new SplitPane(movesPane, tabs);
        split.setOrientation(javafx.geometry.Orientation.VERTICAL);
        split.setDividerPositions(0.27);
        setCenter(split);
        setTop(statusBar());
    }

    private static Tab tab(String name, javafx.scene.Node content) {
        Tab t = new Tab(name, content);
        t.setId("boundary-tab-" + name.toLowerCase());
        return t;
    }

    private HBox statusBar() {
        Label status = new Label();
        status.setId("boundary-status");
        status.textProperty().bind(vm.statusProperty());
        Label busy = new Label("analysing…");
        busy.visibleProperty().bind(vm.analysingProperty());
        message.getStyleClass().add("error-text");
        message.setId("boundary-message");
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        Button yaml = new Button("Edit boundary.yaml");
        yaml.setOnAction(e -> openYaml.run());
        Button revert = new Button("Revert");
        revert.disableProperty().bind(vm.dirtyProperty().not());
        revert.setOnAction(e -> vm.revert());
        Button save = new Button("Save boundary.yaml");
        save.setId("boundary-save");
        save.disableProperty().bind(vm.dirtyProperty().not());
        save.setOnAction(e -> act(vm::save));
        for (Button b : new Button[] {yaml, revert, save}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        status.setMinWidth(0);
        HBox.setHgrow(status, Priority.SOMETIMES);
        HBox bar = new HBox(10, status, busy, message, spring, yaml, revert, save);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        return bar;
    }

    /** Runs a panel action; a failure becomes the message beside the status, never a dialog with a trace. */
    private void act(Runnable r) {
        try {
            message.setText("");
            r.run();
        } catch (RuntimeException e) {
            message.setText(UserMessages.of(e));
        }
    }

    // ---- functions ----

    private BorderPane functionsTab() {
        ComboBox<FunctionClass> cls = new ComboBox<>();
        cls.setId("class-filter");
        cls.getItems().add(null);
        cls.getItems().addAll(FunctionClass.values());
        cls.setConverter(new StringConverter<>() {
            @Override
            public String toString(FunctionClass c) {
                return c == null ? "all classes" : c.label();
            }

            @Override
            public FunctionClass fromString(String s) {
                return null;
            }
        });
        cls.valueProperty().bindBidirectional(vm.classFilterProperty());
        ComboBox<String> file = new ComboBox<>();
        file.setId("file-filter");
        ObservableList<String> files = FXCollections.observableArrayList("");
        vm.files().addListener((ListChangeListener<String>) c -> {
            files.setAll("");
            files.addAll(vm.files());
        });
        files.addAll(vm.files());
        file.setItems(files);
        file.setConverter(new StringConverter<>() {
            @Override
            public String toString(String s) {
                return s == null || s.isEmpty() ? "all files" : s;
            }

            @Override
            public String fromString(String s) {
                return s;
            }
        });
        file.valueProperty().bindBidirectional(vm.fileFilterProperty());
        file.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(s == null || s.isEmpty() ? "all files" : s);
            }
        });
        file.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s == null || s.isEmpty() ? "all files" : s);
            }
        });
        TextField search = new TextField();
        search.setId("function-search");
        search.setPromptText("search functions");
        search.textProperty().bindBidirectional(vm.searchProperty());
        CheckBox outside = new CheckBox("include functions outside mod_files");
        outside.setMnemonicParsing(false);
        outside.selectedProperty().bindBidirectional(vm.showOutsideProperty());
        Label count = new Label();
        count.textProperty().bind(Bindings.size(vm.functions()).asString("%d functions"));
        HBox filters = new HBox(8, cls, file, search, outside, count);
        filters.setAlignment(Pos.CENTER_LEFT);
        filters.setPadding(new Insets(4));

        functionTable.setId("function-table");
        functionTable.setItems(vm.functions());
        TableColumn<FunctionRow, String> name = col("Function", 220, r -> r.name());
        TableColumn<FunctionRow, FunctionClass> c = new TableColumn<>("Class");
        c.setPrefWidth(170);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue().cls()));
        c.setCellFactory(t -> new TableCell<>() {
            @Override
            protected void updateItem(FunctionClass v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : "● " + v.label());
                setStyle(empty || v == null ? "" : "-fx-text-fill: " + ClassColors.of(v) + ";");
            }
        });
        TableColumn<FunctionRow, String> f = col("File", 190, r -> r.file());
        TableColumn<FunctionRow, String> sym = col("vmlinux symbol", 160, r -> r.symbol());
        TableColumn<FunctionRow, String> why = col("Why", 520, r -> r.reason());
        functionTable.getColumns().addAll(java.util.List.of(name, c, f, sym, why));
        functionTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                select.accept(b.id());
            }
        });
        functionTable.setRowFactory(t -> {
            TableRow<FunctionRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty()) {
                    open.accept(row.getItem().id());
                }
            });
            row.contextMenuProperty().bind(Bindings.when(row.emptyProperty()).then((ContextMenu) null)
                    .otherwise(functionMenu(row)));
            return row;
        });
        BorderPane p = new BorderPane(functionTable);
        p.setTop(filters);
        return p;
    }

    private ContextMenu functionMenu(TableRow<FunctionRow> row) {
        MenuItem makeInterface = new MenuItem("Make interface (the module replaces it)");
        makeInterface.setOnAction(e -> act(() -> vm.setInterface(row.getItem().name(), true)));
        MenuItem dropInterface = new MenuItem("Remove from interfaces");
        dropInterface.setOnAction(e -> act(() -> vm.setInterface(row.getItem().name(), false)));
        MenuItem outsider = new MenuItem("Keep in vmlinux (function.outsider)");
        outsider.setOnAction(e -> act(() -> vm.setOutsider(row.getItem().name(), true)));
        MenuItem dropOutsider = new MenuItem("Remove from outsiders");
        dropOutsider.setOnAction(e -> act(() -> vm.setOutsider(row.getItem().name(), false)));
        MenuItem code = new MenuItem("Open code");
        code.setOnAction(e -> open.accept(row.getItem().id()));
        ContextMenu m = new ContextMenu(makeInterface, dropInterface, outsider, dropOutsider, new SeparatorMenuItem(), code);
        m.setOnShowing(e -> {
            FunctionRow r = row.getItem();
            boolean listed = r != null && vm.list(BoundaryViewModel.Section.INTERFACE).contains(r.name());
            boolean out = r != null && vm.list(BoundaryViewModel.Section.OUTSIDER).contains(r.name());
            makeInterface.setDisable(listed);
            dropInterface.setDisable(!listed);
            outsider.setDisable(out);
            dropOutsider.setDisable(!out);
        });
        return m;
    }

    // ---- data ----

    private BorderPane dataTab() {
        GridPane grid = new GridPane();
        grid.setId("data-grid");
        grid.setHgap(2);
        grid.setVgap(2);
        grid.setPadding(new Insets(6));
        grid.add(header(""), 0, 0);
        grid.add(header("critical"), 1, 0);
        grid.add(header("non-critical"), 2, 0);
        grid.add(header("private"), 0, 1);
        grid.add(header("shared"), 0, 2);
        Label pc = cell();
        Label pn = cell();
        Label sc = cell();
        Label sn = cell();
        pc.setId("cell-private-critical");
        sn.setId("cell-shared");
        grid.add(pc, 1, 1);
        grid.add(pn, 2, 1);
        grid.add(sc, 1, 2);
        grid.add(sn, 2, 2);
        Runnable fill = () -> {
            Map<DataPlacement, Integer> m = vm.placementCountsProperty().get();
            pc.setText(cellText(m, DataPlacement.PRIVATE_CRITICAL));
            pn.setText(cellText(m, DataPlacement.PRIVATE));
            sc.setText(cellText(m, DataPlacement.SHARED_CRITICAL));
            sn.setText(cellText(m, DataPlacement.SHARED));
        };
        vm.placementCountsProperty().addListener((o, a, b) -> fill.run());
        fill.run();

        TextField search = new TextField();
        search.setPromptText("search variables");
        search.textProperty().bindBidirectional(vm.variableSearchProperty());
        Label note = new Label("Tick 'shared' to share a variable with vmlinux (extra_public for statics), untick to give "
                + "the module its own copy (force_private for globals); 'critical' rebuilds its state on load.");
        note.setWrapText(true);
        VBox top = new VBox(6, new HBox(16, grid, note), search);
        top.setPadding(new Insets(4));

        variableTable.setId("variable-table");
        variableTable.setItems(vm.variables());
        variableTable.setEditable(true);
        TableColumn<VariableRow, String> name = col("Variable", 220, VariableRow::name);
        TableColumn<VariableRow, String> file = col("File", 170, VariableRow::file);
        TableColumn<VariableRow, String> cellCol = col("Cell", 150, VariableRow::cell);
        TableColumn<VariableRow, String> action = col("On load", 80, VariableRow::action);
        TableColumn<VariableRow, VariableRow> shared = toggle("shared", VariableRow::shared, (r, on) -> vm.setShared(r, on));
        TableColumn<VariableRow, VariableRow> critical = toggle("critical", VariableRow::critical,
                (r, on) -> vm.setCritical(r, on));
        TableColumn<VariableRow, String> why = col("Why", 380, r -> r.reason()
                + (r.warnings().isEmpty() ? "" : "  ⚠ " + String.join("; ", r.warnings())));
        variableTable.getColumns().addAll(java.util.List.of(name, file, cellCol, action, shared, critical, why));
        variableTable.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                select.accept(b.id());
            }
        });
        BorderPane p = new BorderPane(variableTable);
        p.setTop(top);
        return p;
    }

    private TableColumn<VariableRow, VariableRow> toggle(String title, java.util.function.Predicate<VariableRow> state,
                                                         java.util.function.BiConsumer<VariableRow, Boolean> set) {
        TableColumn<VariableRow, VariableRow> c = new TableColumn<>(title);
        c.setPrefWidth(70);
        c.setCellValueFactory(d -> new ReadOnlyObjectWrapper<>(d.getValue()));
        c.setCellFactory(t -> new TableCell<>() {
            private final CheckBox box = new CheckBox();

            {
                box.setOnAction(e -> {
                    VariableRow r = getItem();
                    if (r != null) {
                        act(() -> set.accept(r, box.isSelected()));
                    }
                });
            }

            @Override
            protected void updateItem(VariableRow r, boolean empty) {
                super.updateItem(r, empty);
                if (empty || r == null) {
                    setGraphic(null);
                } else {
                    box.setSelected(state.test(r));
                    box.setId(title + "-" + r.name());
                    setGraphic(box);
                }
            }
        });
        return c;
    }

    private static String cellText(Map<DataPlacement, Integer> m, DataPlacement p) {
        return m.getOrDefault(p, 0) + " variables\n" + p.action().label();
    }

    private static Label header(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("grid-header");
        l.setMinWidth(90);
        return l;
    }

    private static Label cell() {
        Label l = new Label();
        l.getStyleClass().add("grid-cell");
        l.setMinWidth(120);
        l.setMinHeight(44);
        return l;
    }

    // ---- lists ----

    private javafx.scene.Node listsTab() {
        HBox lists = new HBox(8,
                listEditor("function.interface", BoundaryViewModel.Section.INTERFACE),
                listEditor("function.outsider", BoundaryViewModel.Section.OUTSIDER),
                listEditor("data.extra_public", BoundaryViewModel.Section.EXTRA_PUBLIC),
                listEditor("data.force_private", BoundaryViewModel.Section.FORCE_PRIVATE),
                listEditor("data.critical", BoundaryViewModel.Section.CRITICAL),
                sidecarEditor());
        lists.setPadding(new Insets(6));
        lists.getChildren().forEach(n -> HBox.setHgrow(n, Priority.ALWAYS));
        return lists;
    }

    private VBox listEditor(String title, BoundaryViewModel.Section section) {
        String id = section.name().toLowerCase().replace('_', '-');
        ListView<String> list = new ListView<>(vm.list(section));
        list.setId("list-" + id);
        list.setPrefWidth(170);
        TextField name = new TextField();
        name.setId("add-" + id);
        name.setPromptText("name");
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.setId("error-" + id);
        error.setWrapText(true);
        error.setMaxWidth(200);
        Runnable add = () -> {
            String err = vm.validateName(section, name.getText());
            error.setText(err == null ? "" : err);
            if (err == null) {
                try {
                    vm.add(section, name.getText());
                    name.clear();
                } catch (RuntimeException e) {
                    error.setText(UserMessages.of(e));
                }
            }
        };
        name.setOnAction(e -> add.run());
        name.textProperty().addListener((o, a, b) -> error.setText(""));
        Button plus = new Button("Add");
        plus.setId("add-button-" + id);
        plus.setMinWidth(Region.USE_PREF_SIZE);
        name.setPrefColumnCount(8);
        plus.setOnAction(e -> add.run());
        Button minus = new Button("Remove");
        minus.setId("remove-button-" + id);
        minus.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        minus.setOnAction(e -> {
            String sel = list.getSelectionModel().getSelectedItem();
            if (sel != null) {
                try {
                    vm.remove(section, sel);
                    error.setText("");
                } catch (RuntimeException ex) {
                    error.setText(UserMessages.of(ex));
                }
            }
        });
        Label count = new Label();
        count.textProperty().bind(Bindings.size(vm.list(section)).asString(title.substring(title.indexOf('.') + 1) + " (%d)"));
        count.setTooltip(new javafx.scene.control.Tooltip(title + " in boundary.yaml"));
        count.getStyleClass().add("grid-header");
        VBox box = new VBox(4, count, list, new HBox(4, name, plus), minus, error);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    private VBox sidecarEditor() {
        ListView<SidecarEntry> list = new ListView<>(vm.sidecar());
        list.setId("list-sidecar");
        list.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(SidecarEntry e, boolean empty) {
                super.updateItem(e, empty);
                setText(empty || e == null ? null : e.function() + "  (" + e.file() + ")");
            }
        });
        TextField fn = new TextField();
        fn.setPromptText("function");
        TextField file = new TextField();
        file.setPromptText("kernel/sched/cpuacct.c");
        Label error = new Label();
        error.getStyleClass().add("error-text");
        error.setWrapText(true);
        error.setMaxWidth(220);
        Button plus = new Button("Add");
        plus.setMinWidth(Region.USE_PREF_SIZE);
        file.setPrefColumnCount(10);
        plus.setOnAction(e -> {
            if (!fn.getText().trim().matches("[A-Za-z_][A-Za-z0-9_]*")) {
                error.setText("'" + fn.getText().trim() + "' is not a C identifier");
            } else if (!file.getText().trim().matches("[A-Za-z0-9_.+/-]+\\.c")) {
                error.setText("the file must be a kernel .c path like kernel/sched/cpuacct.c");
            } else {
                try {
                    vm.addSidecar(fn.getText(), file.getText());
                    fn.clear();
                    file.clear();
                    error.setText("");
                } catch (RuntimeException ex) {
                    error.setText(UserMessages.of(ex));
                }
            }
        });
        Button minus = new Button("Remove");
        minus.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        minus.setOnAction(e -> {
            SidecarEntry sel = list.getSelectionModel().getSelectedItem();
            if (sel != null) {
                try {
                    vm.removeSidecar(sel);
                } catch (RuntimeException ex) {
                    error.setText(UserMessages.of(ex));
                }
            }
        });
        Label count = new Label();
        count.textProperty().bind(Bindings.size(vm.sidecar()).asString("sidecar (%d)"));
        count.getStyleClass().add("grid-header");
        VBox box = new VBox(4, count, list, fn, new HBox(4, file, plus), minus, error);
        VBox.setVgrow(list, Priority.ALWAYS);
        return box;
    }

    // ---- helpers ----

    private static <R> TableColumn<R, String> col(String title, double width, java.util.function.Function<R, String> value) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(value.apply(d.getValue())));
        return c;
    }

    private static ListCell<String> wrappingCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setWrapText(true);
                setPrefWidth(0);
            }
        };
    }

    public TableView<FunctionRow> functionTable() {
        return functionTable;
    }

    public TableView<VariableRow> variableTable() {
        return variableTable;
    }
}
