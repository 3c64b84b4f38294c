package org.foosched.views.build;

import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.foosched.views.problems.ProblemItem;

/** Build with a progress bar and a console; compiler diagnostics listed and clickable. */
public final class BuildPanel extends BorderPane {

    public BuildPanel(BuildViewModel vm) {
        getStyleClass().add("build-panel");
        Button build = new Button("Build module");
        build.setId("build-button");
        build.setDefaultButton(true);
        build.disableProperty().bind(vm.runningProperty());
        build.setOnAction(e -> vm.build());
        build.setTooltip(new javafx.scene.control.Tooltip("foosched build: the scheduler with the live-update runtime "
                + "into scheduler.ko (in working/build/), then the packages (working/packages/)"));
        javafx.scene.control.CheckBox pkgs = new javafx.scene.control.CheckBox("with RPM and DEB packages");
        pkgs.selectedProperty().bindBidirectional(vm.packagesProperty());
        javafx.scene.control.CheckBox resolve = new javafx.scene.control.CheckBox("resolve symbols at build time");
        resolve.setId("build-resolve-at-build");
        resolve.selectedProperty().bindBidirectional(vm.resolveAtBuildProperty());
        resolve.setTooltip(new javafx.scene.control.Tooltip("foosched build --resolve-at-build: resolve the module's "
                + "vmlinux symbols from the kit's -dbg vmlinux now, so the package loads as shipped (kptr_restrict=2, "
                + "after a reboot, signed); off: resolved on the target from /proc/kallsyms"));
        resolve.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        Button check = new Button("Compile check");
        check.setId("compile-check-button");
        check.disableProperty().bind(vm.runningProperty());
        check.setOnAction(e -> vm.compileCheck());
        check.setTooltip(new javafx.scene.control.Tooltip("compile the workspace's sources alone, as init's check does "
                + "(no runtime, no packages): quick feedback on an edit"));
        Button cancel = new Button("Cancel");
        cancel.setId("build-cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar bar = new ProgressBar(0);
        bar.setId("build-progress");
        bar.setPrefWidth(260);
        bar.progressProperty().bind(vm.progress().fractionProperty());
        Label step = new Label();
        step.textProperty().bind(vm.progress().stepProperty());
        Label result = new Label();
        result.setId("build-result");
        result.textProperty().bind(vm.resultProperty());
        for (Button b : new Button[] {build, check, cancel}) {
            b.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        }
        pkgs.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        bar.setMinWidth(160);
        step.setMinWidth(0);
        HBox buttons = new HBox(10, build, pkgs, resolve, check, cancel, bar, step);
        buttons.setAlignment(Pos.CENTER_LEFT);
        result.setWrapText(true);
        javafx.scene.layout.VBox top = new javafx.scene.layout.VBox(4, buttons, result);
        top.setPadding(new Insets(6, 8, 6, 8));

        ListView<String> console = new ListView<>(vm.console());
        console.setId("build-console");
        console.getStyleClass().add("console");
        vm.console().addListener((ListChangeListener<String>) c -> {
            if (!vm.console().isEmpty()) {
                console.scrollTo(vm.console().size() - 1);
            }
        });
        ListView<ProblemItem> diags = new ListView<>(vm.diagnostics());
        diags.setId("build-diagnostics");
        diags.setPlaceholder(new Label("no compiler diagnostics"));
        diags.setCellFactory(l -> new ListCell<>() {
            @Override
            protected void updateItem(ProblemItem p, boolean empty) {
                super.updateItem(p, empty);
                getStyleClass().removeAll("error-text", "warning-text");
                if (empty || p == null) {
                    setText(null);
                } else {
                    setText(p.location() + "  " + p.message());
                    getStyleClass().add(p.severity() == ProblemItem.Severity.ERROR ? "error-text" : "warning-text");
                }
            }
        });
        diags.setOnMouseClicked(e -> {
            ProblemItem p = diags.getSelectionModel().getSelectedItem();
            if (p != null && e.getClickCount() == 2) {
                vm.open(p);
            }
        });
        SplitPane split = new SplitPane(console, diags);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.7);
        setTop(top);
        setCenter(split);
    }
}
