package org.foosched.views.workspace;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import org.foosched.analysis.workspace.Workspace;
import org.foosched.views.app.WorkbenchSettings;

import java.nio.file.Path;
import java.util.function.Consumer;

/** What the workbench shows before a workspace is open: make one, open one, or a recent one. */
public final class WelcomeView extends VBox {

    public WelcomeView(WorkbenchSettings settings, Runnable newWorkspace, Runnable openWorkspace, Consumer<Path> openRecent) {
        setId("welcome");
        setAlignment(Pos.CENTER);
        setSpacing(14);
        setPadding(new Insets(40));
        Label title = new Label("Foosched workbench");
        title.getStyleClass().add("welcome-title");
        Label sub = new Label("Tune the boundary of the live-replaceable scheduler, edit it, check the edits, build it.");
        Button create = new Button("New workspace from a Debian kernel release…");
        create.setId("welcome-new");
        create.setOnAction(e -> newWorkspace.run());
        create.setPrefWidth(380);
        Button open = new Button("Open workspace…");
        open.setId("welcome-open");
        open.setOnAction(e -> openWorkspace.run());
        open.setPrefWidth(380);
        getChildren().addAll(title, sub, create, open);
        if (!settings.recentWorkspaces.isEmpty()) {
            getChildren().add(new Label("Recent"));
            for (String p : settings.recentWorkspaces) {
                Hyperlink l = new Hyperlink(p);
                l.setMnemonicParsing(false);
                l.setDisable(!new Workspace(Path.of(p)).exists());
                l.setOnAction(e -> openRecent.accept(Path.of(p)));
                getChildren().add(l);
            }
        }
    }
}
