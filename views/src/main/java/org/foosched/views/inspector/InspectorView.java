package org.foosched.views.inspector;

import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

/**
 * The inspector: the selected function or variable — its class and why (the explain chain),
 * callers and callees (click to move there), declaration, where it is defined.
 */
public final class InspectorView extends ScrollPane {

    private final InspectorViewModel vm;
    private final Label title = new Label("Nothing selected");
    private final Label cls = new Label();
    private final Label where = new Label();
    private final TextArea why = new TextArea();
    private final Label decl = new Label();
    private final VBox facts = new VBox(2);
    private final ListView<Inspection.Ref> users = new ListView<>();
    private final ListView<Inspection.Ref> uses = new ListView<>();

    public InspectorView(InspectorViewModel vm) {
        this.vm = vm;
        setId("inspector");
        setFitToWidth(true);
        title.getStyleClass().add("inspector-title");
        title.setId("inspector-title");
        cls.setId("inspector-class");
        cls.getStyleClass().add("inspector-class");
        why.setId("inspector-why");
        why.setEditable(false);
        why.setWrapText(true);
        why.setPrefRowCount(6);
        decl.setWrapText(true);
        decl.getStyleClass().add("code-label");
        where.setId("inspector-where");
        users.setId("inspector-callers");
        uses.setId("inspector-callees");
        users.setPrefHeight(150);
        uses.setPrefHeight(150);
        users.setOnMouseClicked(e -> follow(users, e.getClickCount()));
        uses.setOnMouseClicked(e -> follow(uses, e.getClickCount()));
        Button open = new Button("Open code");
        open.setId("inspector-open");
        open.setOnAction(e -> {
            Inspection i = vm.inspectionProperty().get();
            if (i != null) {
                vm.openDefinition(i.id());
            }
        });
        open.disableProperty().bind(vm.inspectionProperty().isNull());
        TitledPane callers = new TitledPane("Callers and users", users);
        TitledPane callees = new TitledPane("Callees and uses", uses);
        VBox box = new VBox(6, title, cls, new HBox(8, where, open), section("Why", why), section("Declaration", decl),
                facts, callers, callees);
        box.setPadding(new Insets(8));
        setContent(box);
        vm.inspectionProperty().addListener((o, a, b) -> show(b));
        show(vm.inspectionProperty().get());
    }

    private static VBox section(String name, javafx.scene.Node content) {
        Label l = new Label(name);
        l.getStyleClass().add("grid-header");
        return new VBox(2, l, content);
    }

    private void follow(ListView<Inspection.Ref> list, int clicks) {
        Inspection.Ref r = list.getSelectionModel().getSelectedItem();
        if (r == null) {
            return;
        }
        if (clicks >= 2) {
            vm.openDefinition(r.id());
        } else {
            vm.select(r.id());
        }
    }

    private void show(Inspection i) {
        if (i == null) {
            title.setText("Nothing selected");
            cls.setText("Select a function or variable in the boundary panel, the graph or the editor (Alt+click).");
            cls.setStyle("");
            where.setText("");
            why.setText("");
            decl.setText("");
            facts.getChildren().clear();
            users.getItems().clear();
            uses.getItems().clear();
            return;
        }
        title.setText(i.title());
        cls.setText(i.kind() + ": " + i.classLabel());
        where.setText(i.definedAt());
        why.setText(String.join("\n", i.why()));
        decl.setText(i.declaration());
        facts.getChildren().setAll(i.facts().stream().map(f -> {
            Label l = new Label("• " + f);
            l.setWrapText(true);
            return l;
        }).toList());
        users.getItems().setAll(i.users());
        uses.getItems().setAll(i.uses());
    }
}
