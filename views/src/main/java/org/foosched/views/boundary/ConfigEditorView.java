package org.foosched.views.boundary;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.fxmisc.flowless.VirtualizedScrollPane;
import org.fxmisc.richtext.CodeArea;
import org.fxmisc.richtext.LineNumberFactory;
import org.fxmisc.richtext.model.StyleSpansBuilder;
import org.foosched.analysis.config.ConfigProblem;
import org.foosched.views.editor.Highlighter;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code boundary.yaml} in an editor tab, kept in step with the boundary panel: typing here
 * re-reads the configuration (and re-runs the analysis); a change made in the panel replaces
 * the text here. Lines with errors are marked and listed under the text, with the message.
 */
public final class ConfigEditorView extends BorderPane {

    private final BoundaryViewModel vm;
    private final CodeArea area = new CodeArea();
    private final ListView<ConfigProblem> errors = new ListView<>();
    private boolean updating;
    private Set<Integer> errorLines = Set.of();

    public ConfigEditorView(BoundaryViewModel vm) {
        this.vm = vm;
        area.setId("config-area");
        area.setParagraphGraphicFactory(LineNumberFactory.get(area));
        setText(vm.yamlTextProperty().get());
        area.textProperty().addListener((o, a, b) -> {
            if (!updating) {
                vm.yamlTextProperty().set(b);
                highlight();
            }
        });
        vm.yamlTextProperty().addListener((o, a, b) -> {
            if (!b.equals(area.getText())) {
                setText(b);
            }
        });
        vm.configProblems().addListener((ListChangeListener<ConfigProblem>) c -> markErrors());
        errors.setId("config-errors");
        errors.setItems(vm.configProblems());
        errors.setPrefHeight(90);
        errors.setCellFactory(l -> new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(ConfigProblem p, boolean empty) {
                super.updateItem(p, empty);
                setText(empty || p == null ? null : "line " + p.line() + ": " + p.message());
                getStyleClass().remove("error-text");
                if (!empty) {
                    getStyleClass().add("error-text");
                }
            }
        });
        errors.setOnMouseClicked(e -> {
            ConfigProblem p = errors.getSelectionModel().getSelectedItem();
            if (p != null && p.line() > 0) {
                goToLine(p.line());
            }
        });
        errors.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.configProblems()));
        errors.managedProperty().bind(errors.visibleProperty());

        Label path = new Label();
        path.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() ->
                (vm.file() == null ? "boundary.yaml" : vm.file().toString()) + (vm.dirtyProperty().get() ? "  (modified)" : ""),
                vm.dirtyProperty()));
        Button save = new Button("Save");
        save.setId("config-save");
        save.disableProperty().bind(vm.dirtyProperty().not());
        save.setOnAction(e -> vm.save());
        Button revert = new Button("Revert");
        revert.disableProperty().bind(vm.dirtyProperty().not());
        revert.setOnAction(e -> vm.revert());
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox bar = new HBox(8, path, spring, revert, save);
        bar.setPadding(new Insets(3, 6, 3, 6));
        bar.getStyleClass().add("editor-status");

        setCenter(new VirtualizedScrollPane<>(area));
        setBottom(new VBox(errors, bar));
        addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            if (new KeyCodeCombination(KeyCode.S, KeyCombination.SHORTCUT_DOWN).match(e)) {
                vm.save();
                e.consume();
            }
        });
        markErrors();
    }

    private void setText(String text) {
        updating = true;
        try {
            int caret = area.getCaretPosition();
            area.replaceText(text);
            area.moveTo(Math.min(caret, text.length()));
            highlight();
            markErrors();
        } finally {
            updating = false;
        }
    }

    private void highlight() {
        String text = area.getText();
        StyleSpansBuilder<Collection<String>> b = new StyleSpansBuilder<>();
        for (Highlighter.Span s : Highlighter.yaml(text)) {
            b.add(s.style().isEmpty() ? List.of() : List.of(s.style()), s.length());
        }
        var spans = b.create();
        if (spans.length() == text.length()) {
            area.setStyleSpans(0, spans);
        }
    }

    private void markErrors() {
        Set<Integer> lines = new HashSet<>();
        for (ConfigProblem p : vm.configProblems()) {
            if (p.line() > 0) {
                lines.add(p.line() - 1);
            }
        }
        for (int l : errorLines) {
            if (l < area.getParagraphs().size() && !lines.contains(l)) {
                area.setParagraphStyle(l, List.of());
            }
        }
        for (int l : lines) {
            if (l < area.getParagraphs().size()) {
                area.setParagraphStyle(l, List.of("error-line"));
            }
        }
        errorLines = lines;
    }

    public void goToLine(int line) {
        int p = Math.max(0, Math.min(line - 1, area.getParagraphs().size() - 1));
        area.moveTo(p, 0);
        area.showParagraphAtTop(Math.max(0, p - 5));
        area.requestFocus();
    }

    public CodeArea area() {
        return area;
    }
}
