package org.foosched.views.deploy;

import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;

import java.io.File;

/**
 * "Add host…": name, address, port, login user, and a private key file or the SSH agent — the
 * fields of {@code foosched hosts add}. The key is not trusted by adding: that is "Trust key…".
 */
public final class AddHostDialog extends Stage {

    public AddHostDialog(DeployViewModel vm, Window owner) {
        initOwner(owner);
        initModality(Modality.WINDOW_MODAL);
        setTitle("Add a test host");
        TextField name = field("add-host-name", "lab1");
        TextField address = field("add-host-address", "10.0.0.7 or lab1.example.com");
        TextField port = field("add-host-port", "22");
        port.setText("22");
        TextField user = field("add-host-user", "root");
        user.setText("root");
        TextField identity = field("add-host-identity", "~/.ssh/id_ed25519 (no passphrase)");
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("The private key that logs in to the host");
            File home = new File(System.getProperty("user.home"), ".ssh");
            if (home.isDirectory()) {
                fc.setInitialDirectory(home);
            }
            File f = fc.showOpenDialog(this);
            if (f != null) {
                identity.setText(f.getPath());
            }
        });
        CheckBox agent = new CheckBox("Use the SSH agent (SSH_AUTH_SOCK) instead — for keys with a passphrase");
        agent.setId("add-host-agent");
        identity.disableProperty().bind(agent.selectedProperty());
        browse.disableProperty().bind(agent.selectedProperty());

        GridPane form = new GridPane();
        form.setHgap(8);
        form.setVgap(8);
        form.addRow(0, new Label("Name"), name);
        form.addRow(1, new Label("Address"), address);
        form.addRow(2, new Label("SSH port"), port);
        form.addRow(3, new Label("User"), user);
        form.addRow(4, new Label("Identity file"), identity, browse);
        form.add(agent, 1, 5, 2, 1);
        GridPane.setHgrow(identity, Priority.ALWAYS);
        GridPane.setHgrow(address, Priority.ALWAYS);

        Label note = new Label("Public keys only: foosched never asks for or stores passwords or passphrases. A user other "
                + "than root installs through sudo -n. The host key is checked in the next step (Trust key…).");
        note.setWrapText(true);
        note.getStyleClass().add("host-where");
        Label error = new Label();
        error.setId("add-host-error");
        error.getStyleClass().add("error-text");
        error.setWrapText(true);

        Button add = new Button("Add host");
        add.setId("add-host-ok");
        add.setDefaultButton(true);
        add.setOnAction(e -> {
            String err = vm.addHost(name.getText(), address.getText(), port.getText(), user.getText(), identity.getText(),
                    agent.isSelected());
            if (err == null) {
                close();
            } else {
                error.setText(err);
            }
        });
        Button cancel = new Button("Cancel");
        cancel.setCancelButton(true);
        cancel.setOnAction(e -> close());
        HBox buttons = new HBox(8, add, cancel);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox root = new VBox(10, form, note, error, buttons);
        root.setPadding(new Insets(14));
        root.setPrefWidth(560);
        setScene(new Scene(root));
        if (owner != null && owner.getScene() != null) {
            getScene().getStylesheets().setAll(owner.getScene().getStylesheets());
        }
    }

    private static TextField field(String id, String prompt) {
        TextField f = new TextField();
        f.setId(id);
        f.setPromptText(prompt);
        return f;
    }
}
