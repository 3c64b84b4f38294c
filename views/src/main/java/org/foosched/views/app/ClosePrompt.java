package org.foosched.views.app;

import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.stage.Stage;

import java.util.Optional;

/** Asks before quitting with unsaved edits: save all, discard, or stay. */
final class ClosePrompt {

    private ClosePrompt() {
    }

    static boolean confirm(Stage owner, MainWindow window) {
        ButtonType save = new ButtonType("Save all", ButtonBar.ButtonData.YES);
        ButtonType discard = new ButtonType("Discard", ButtonBar.ButtonData.NO);
        Alert a = new Alert(Alert.AlertType.CONFIRMATION, "Some files have unsaved edits.", save, discard, ButtonType.CANCEL);
        a.initOwner(owner);
        a.setHeaderText("Quit the workbench?");
        Optional<ButtonType> r = a.showAndWait();
        if (r.isEmpty() || r.get() == ButtonType.CANCEL) {
            return false;
        }
        if (r.get() == save) {
            window.editors().saveAll();
        }
        return true;
    }
}
