package org.foosched.views.editor;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.Tooltip;
import org.foosched.views.boundary.BoundaryViewModel;
import org.foosched.views.boundary.ConfigEditorView;
import org.foosched.views.workbench.SourceLocation;
import org.foosched.views.workbench.UserMessages;
import org.foosched.views.workbench.WorkbenchContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The editor tabs of the centre area: one per open file (selected again when it is opened
 * again), boundary.yaml in the configuration editor, a dot on tabs with unsaved edits, and a
 * question before closing one.
 */
public final class EditorTabs {

    private final TabPane pane;
    private final WorkbenchContext ctx;
    private final BoundaryViewModel boundary;
    private Runnable afterSave = () -> { };
    private Tab configTab;
    private ConfigEditorView configEditor;

    public EditorTabs(TabPane pane, WorkbenchContext ctx, BoundaryViewModel boundary) {
        this.pane = pane;
        this.ctx = ctx;
        this.boundary = boundary;
        ctx.sessionProperty().addListener((o, a, b) -> closeAll());
    }

    public void setAfterSave(Runnable r) {
        afterSave = r;
    }

    public void open(SourceLocation loc) {
        Path file = loc.file().toAbsolutePath().normalize();
        if (boundary.file() != null && file.equals(boundary.file().toAbsolutePath().normalize())) {
            openConfig();
            if (loc.line() > 0) {
                configEditor.goToLine(loc.line());
            }
            return;
        }
        for (Tab t : pane.getTabs()) {
            if (file.equals(t.getUserData()) && t.getContent() instanceof CodeEditorView ed) {
                pane.getSelectionModel().select(t);
                if (loc.line() > 0) {
                    ed.goToLine(loc.line());
                }
                return;
            }
        }
        if (!Files.isRegularFile(file)) {
            ctx.log().append("error: " + file + " does not exist");
            return;
        }
        CodeEditorView ed;
        try {
            ed = new CodeEditorView(new EditorViewModel(ctx, file), this::open);
        } catch (RuntimeException e) {
            ctx.log().append("error: " + UserMessages.of(e));
            return;
        }
        ed.setAfterSave(afterSave);
        Tab t = new Tab(file.getFileName().toString(), ed);
        t.setUserData(file);
        t.setTooltip(new Tooltip(file.toString()));
        t.setId("editor-" + file.getFileName());
        ed.viewModel().dirtyProperty().addListener((o, a, b) -> t.setText((b ? "● " : "") + file.getFileName()));
        t.setOnCloseRequest(e -> {
            if (ed.viewModel().dirtyProperty().get() && !confirmClose(file, ed)) {
                e.consume();
            }
        });
        pane.getTabs().add(t);
        pane.getSelectionModel().select(t);
        if (loc.line() > 0) {
            ed.goToLine(loc.line());
        }
    }

    /** Opens boundary.yaml in its editor (kept in step with the boundary panel). */
    public void openConfig() {
        if (configTab == null || !pane.getTabs().contains(configTab)) {
            configEditor = new ConfigEditorView(boundary);
            configTab = new Tab("boundary.yaml", configEditor);
            configTab.setId("editor-boundary.yaml");
            configTab.setUserData(boundary.file());
            boundary.dirtyProperty().addListener((o, a, b) -> configTab.setText((b ? "● " : "") + "boundary.yaml"));
            pane.getTabs().add(configTab);
        }
        pane.getSelectionModel().select(configTab);
    }

    private boolean confirmClose(Path file, CodeEditorView ed) {
        ButtonType save = new ButtonType("Save", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, file.getFileName() + " has unsaved edits.", save, discard,
                ButtonType.CANCEL);
        a.setHeaderText("Save " + file.getFileName() + "?");
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) {
            return false;
        }
        if (r.get() == save) {
            ed.save();
        }
        return true;
    }

    public List<CodeEditorView> editors() {
        List<CodeEditorView> out = new ArrayList<>();
        for (Tab t : pane.getTabs()) {
            if (t.getContent() instanceof CodeEditorView ed) {
                out.add(ed);
            }
        }
        return out;
    }

    public Optional<CodeEditorView> editorFor(Path file) {
        Path f = file.toAbsolutePath().normalize();
        return editors().stream().filter(e -> e.viewModel().file().equals(f)).findFirst();
    }

    public Optional<CodeEditorView> current() {
        Tab t = pane.getSelectionModel().getSelectedItem();
        return t != null && t.getContent() instanceof CodeEditorView ed ? Optional.of(ed) : Optional.empty();
    }

    public boolean hasUnsaved() {
        return editors().stream().anyMatch(e -> e.viewModel().dirtyProperty().get()) || boundary.dirtyProperty().get();
    }

    /** Files changed on disk (a patch was applied): editors without unsaved edits re-read them. */
    public void reloadAll() {
        for (CodeEditorView e : editors()) {
            if (!e.viewModel().dirtyProperty().get()) {
                e.reload();
            }
        }
    }

    public void saveAll() {
        for (CodeEditorView e : editors()) {
            if (e.viewModel().dirtyProperty().get()) {
                e.save();
            }
        }
        if (boundary.dirtyProperty().get()) {
            boundary.save();
        }
    }

    private void closeAll() {
        pane.getTabs().removeIf(t -> t.getContent() instanceof CodeEditorView || t == configTab);
        configTab = null;
    }

    public ConfigEditorView configEditor() {
        return configEditor;
    }
}
