package org.foosched.views.problems;

import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import org.foosched.views.workbench.SourceLocation;

import java.util.function.Consumer;

/** The problems list; a double-click opens the file at the line. */
public final class ProblemsView extends TableView<ProblemItem> {

    public ProblemsView(ProblemsModel model, Consumer<SourceLocation> open) {
        setId("problems");
        setItems(model.items());
        setPlaceholder(new javafx.scene.control.Label("No problems"));
        TableColumn<ProblemItem, String> sev = new TableColumn<>("");
        sev.setPrefWidth(34);
        sev.setCellValueFactory(d -> new ReadOnlyStringWrapper(switch (d.getValue().severity()) {
            case ERROR -> "✖";
            case WARNING -> "⚠";
            case INFO -> "ℹ";
        }));
        sev.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                getStyleClass().removeAll("error-text", "warning-text");
                if (!empty) {
                    getStyleClass().add("✖".equals(s) ? "error-text" : "warning-text");
                }
            }
        });
        TableColumn<ProblemItem, String> msg = new TableColumn<>("Problem");
        msg.setPrefWidth(780);
        msg.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().message()));
        TableColumn<ProblemItem, String> where = new TableColumn<>("Where");
        where.setPrefWidth(200);
        where.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().location()));
        TableColumn<ProblemItem, String> src = new TableColumn<>("From");
        src.setPrefWidth(110);
        src.setCellValueFactory(d -> new ReadOnlyStringWrapper(d.getValue().source().label()));
        getColumns().addAll(java.util.List.of(sev, msg, where, src));
        setRowFactory(t -> {
            TableRow<ProblemItem> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getClickCount() == 2 && !row.isEmpty() && row.getItem().file() != null) {
                    open.accept(SourceLocation.of(row.getItem().file(), row.getItem().line()));
                }
            });
            return row;
        });
    }
}
