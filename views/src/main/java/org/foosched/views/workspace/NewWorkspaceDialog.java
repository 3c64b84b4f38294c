package org.foosched.views.workspace;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;

/**
 * The "New workspace from a Debian kernel release…" dialog: release, work directory and
 * (optionally) an unpacked kernel source; then kit, source and init run with a progress bar
 * and a log, and can be cancelled.
 */
public final class NewWorkspaceDialog extends Stage {

    public NewWorkspaceDialog(NewWorkspaceViewModel vm, Window owner) {
        initOwner(owner);
        initModality(Modality.WINDOW_MODAL);
        setTitle("New workspace from a Debian kernel release");

        ComboBox<String> release = new ComboBox<>(vm.cachedReleases());
        release.setEditable(true);
        release.setPromptText("empty: the release linux-image-amd64 depends on today");
        release.getEditor().textProperty().bindBidirectional(vm.releaseProperty());
        release.setPrefWidth(420);
        TextField workDir = new TextField();
        workDir.textProperty().bindBidirectional(vm.workDirProperty());
        Button browseWork = new Button("Browse…");
        browseWork.setOnAction(e -> choose(vm.workDirProperty()));
        TextField src = new TextField();
        src.setPromptText("empty: unpack the kit's linux-source into the cache");
        src.textProperty().bindBidirectional(vm.kernelSourceProperty());
        Button browseSrc = new Button("Browse…");
        browseSrc.setOnAction(e -> choose(vm.kernelSourceProperty()));

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Kernel release"), release);
        form.addRow(1, new Label("Work directory"), workDir, browseWork);
        form.addRow(2, new Label("Kernel source (optional)"), src, browseSrc);
        GridPane.setHgrow(workDir, Priority.ALWAYS);
        GridPane.setHgrow(src, Priority.ALWAYS);

        ProgressBar bar = new ProgressBar(0);
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.progress().fractionProperty());
        Label step = new Label();
        step.textProperty().bind(vm.progress().stepProperty());
        Label result = new Label();
        result.setWrapText(true);
        result.textProperty().bind(vm.resultProperty());
        ListView<String> log = new ListView<>(vm.log());
        log.getStyleClass().add("console");
        log.setPrefHeight(260);
        vm.log().addListener((ListChangeListener<String>) c -> {
            if (!vm.log().isEmpty()) {
                log.scrollTo(vm.log().size() - 1);
            }
        });

        Button start = new Button("Create workspace");
        start.setDefaultButton(true);
        start.disableProperty().bind(vm.runningProperty());
        start.setOnAction(e -> vm.start());
        Button cancel = new Button("Cancel");
        cancel.setOnAction(e -> {
            if (vm.runningProperty().get()) {
                vm.cancel();
            } else {
                close();
            }
        });
        Label note = new Label("Downloads the release's kernel packages from Debian's archive when they are not cached "
                + "(about 1 GB), unpacks the source, collects facts, analyses, extracts and compile-checks: "
                + "minutes, not hours.");
        note.setWrapText(true);
        HBox buttons = new HBox(8, start, cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox root = new VBox(10, form, note, bar, step, log, result, buttons);
        root.setPadding(new Insets(14));
        VBox.setVgrow(log, Priority.ALWAYS);
        vm.createdProperty().addListener((o, a, b) -> {
            if (b != null) {
                close();
            }
        });
        Scene scene = new Scene(root, 820, 560);
        if (owner != null && owner.getScene() != null) {
            scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        }
        setScene(scene);
    }

    private void choose(javafx.beans.property.StringProperty target) {
        DirectoryChooser dc = new DirectoryChooser();
        File f = dc.showDialog(this);
        if (f != null) {
            target.set(f.getAbsolutePath());
        }
    }
}
