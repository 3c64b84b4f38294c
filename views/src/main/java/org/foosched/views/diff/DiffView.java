package org.foosched.views.diff;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.foosched.analysis.safety.ChangeSafety;
import org.foosched.views.workbench.UserMessages;

import java.io.File;

/**
 * Pristine against current, side by side; the changed files and functions on the left; the
 * change-safety report below; export the edits as a unified diff or apply one.
 */
public final class DiffView extends BorderPane {

    private final DiffViewModel vm;
    private final TableView<LineDiff.Row> table = new TableView<>();
    private final Label message = new Label();

    public DiffView(DiffViewModel vm) {
        this.vm = vm;
        getStyleClass().add("diff-view");

        ListView<String> files = new ListView<>(vm.changedFiles());
        files.setId("changed-files");
        files.setPlaceholder(new Label("no edits"));
        files.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.selectedFileProperty().set(b);
            }
        });
        vm.selectedFileProperty().addListener((o, a, b) -> {
            if (b != null && !b.equals(files.getSelectionModel().getSelectedItem())) {
                files.getSelectionModel().select(b);
            }
        });
        ListView<ChangeSafety.FunctionChange> fns = new ListView<>(vm.changedFunctions());
        fns.setId("changed-functions");
        fns.setPlaceholder(new Label("no function changed"));
        fns.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ChangeSafety.FunctionChange c, boolean empty) {
                super.updateItem(c, empty);
                setText(empty || c == null ? null : c.function() + "  " + c.change().name().toLowerCase()
                        + "  (" + c.file().substring(c.file().lastIndexOf('/') + 1) + ":" + c.line() + ")");
            }
        });
        fns.setOnMouseClicked(e -> {
            ChangeSafety.FunctionChange c = fns.getSelectionModel().getSelectedItem();
            if (c != null) {
                if (e.getClickCount() == 2) {
                    vm.open(c.file(), c.line());
                } else {
                    vm.selectedFileProperty().set(c.file());
                    scrollTo(c.line());
                }
            }
        });
        TitledPane filesPane = new TitledPane("Changed files", files);
        TitledPane fnPane = new TitledPane("Changed functions", fns);
        filesPane.setCollapsible(false);
        fnPane.setCollapsible(false);
        VBox left = new VBox(filesPane, fnPane);
        VBox.setVgrow(fnPane, Priority.ALWAYS);
        left.setPrefWidth(260);

        table.setId("diff-table");
        table.setItems(vm.rows());
        table.setPlaceholder(new Label("Select a changed file"));
        table.getColumns().add(numberCol("pristine", true));
        table.getColumns().add(textCol("working/pristine", true));
        table.getColumns().add(numberCol("now", false));
        table.getColumns().add(textCol("kernel/sched/mod", false));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(LineDiff.Row r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("diff-same", "diff-changed", "diff-added", "diff-removed", "diff-gap");
                if (!empty && r != null) {
                    getStyleClass().add("diff-" + r.kind().name().toLowerCase());
                }
            }
        });
        table.setOnMouseClicked(e -> {
            LineDiff.Row r = table.getSelectionModel().getSelectedItem();
            if (e.getClickCount() == 2 && r != null && r.rightLine() > 0) {
                vm.open(vm.selectedFileProperty().get(), r.rightLine());
            }
        });

        ListView<ChangeSafety.Finding> findings = new ListView<>(vm.findings());
        findings.setId("safety-findings");
        findings.setPlaceholder(new Label("No rule of live update is broken by the edits."));
        findings.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ChangeSafety.Finding f, boolean empty) {
                super.updateItem(f, empty);
                getStyleClass().removeAll("error-text", "warning-text");
                if (empty || f == null) {
                    setText(null);
                } else {
                    setText((f.severity() == ChangeSafety.Severity.ERROR ? "✖ " : "⚠ ")
                            + f.file().substring(f.file().lastIndexOf('/') + 1) + ":" + f.line() + "  " + f.message());
                    setWrapText(true);
                    setPrefWidth(0);
                    getStyleClass().add(f.severity() == ChangeSafety.Severity.ERROR ? "error-text" : "warning-text");
                }
            }
        });
        findings.setOnMouseClicked(e -> {
            ChangeSafety.Finding f = findings.getSelectionModel().getSelectedItem();
            if (f != null && e.getClickCount() == 2) {
                vm.open(f.file(), f.line());
            }
        });
        TitledPane safety = new TitledPane("Change-safety report (the seed's Limitations)", findings);
        safety.setCollapsible(false);

        SplitPane centre = new SplitPane(table, safety);
        centre.setOrientation(Orientation.VERTICAL);
        centre.setDividerPositions(0.72);
        SplitPane main = new SplitPane(left, centre);
        main.setDividerPositions(0.22);
        setCenter(main);
        setTop(toolbar());
    }

    private HBox toolbar() {
        Label summary = new Label();
        summary.setId("diff-summary");
        summary.textProperty().bind(vm.summaryProperty());
        Button refresh = new Button("Refresh");
        refresh.setId("diff-refresh");
        refresh.setOnAction(e -> vm.refresh());
        Button export = new Button("Export diff…");
        export.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Export the edits as a unified diff");
            fc.setInitialFileName("scheduler-edits.patch");
            File f = fc.showSaveDialog(getScene().getWindow());
            if (f != null) {
                try {
                    vm.exportDiff(f.toPath());
                    message.setText("exported to " + f);
                } catch (RuntimeException ex) {
                    message.setText(UserMessages.of(ex));
                }
            }
        });
        Button apply = new Button("Apply diff…");
        apply.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Apply a unified diff to kernel/sched/mod (patch -p1)");
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) {
                vm.applyPatch(f.toPath());
            }
        });
        apply.disableProperty().bind(vm.busyProperty());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(8, summary, message, spring, refresh, export, apply);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        return bar;
    }

    private void scrollTo(int line) {
        for (int i = 0; i < vm.rows().size(); i++) {
            if (vm.rows().get(i).rightLine() >= line) {
                table.scrollTo(Math.max(0, i - 3));
                table.getSelectionModel().select(i);
                return;
            }
        }
    }

    private static TableColumn<LineDiff.Row, String> numberCol(String title, boolean left) {
        TableColumn<LineDiff.Row, String> c = new TableColumn<>(title);
        c.setMinWidth(54);
        c.setPrefWidth(56);
        c.setMaxWidth(64);
        c.setCellValueFactory(d -> {
            LineDiff.Row r = d.getValue();
            int n = left ? r.leftLine() : r.rightLine();
            return new ReadOnlyStringWrapper(r.kind() == LineDiff.Kind.GAP || n == 0 ? "" : String.valueOf(n));
        });
        return c;
    }

    private static TableColumn<LineDiff.Row, String> textCol(String title, boolean left) {
        TableColumn<LineDiff.Row, String> c = new TableColumn<>(title);
        c.setPrefWidth(560);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(left ? d.getValue().left() : d.getValue().right()));
        c.setCellFactory(t -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s.replace("\t", "    "));
                getStyleClass().add("code-cell");
            }
        });
        return c;
    }

    public TableView<LineDiff.Row> table() {
        return table;
    }
}
