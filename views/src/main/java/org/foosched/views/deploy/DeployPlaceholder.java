package org.foosched.views.deploy;

import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

/**
 * The deploy panel's place. Deploying to a test host over SSH (probe, upload, install, watch
 * the downtime figures, roll back) arrives with the remote-deploy layer; until then this tab
 * says so instead of pretending.
 */
public final class DeployPlaceholder extends VBox {

    public DeployPlaceholder() {
        setId("deploy-placeholder");
        setPadding(new Insets(24));
        setSpacing(10);
        Label title = new Label("Deploy arrives with remote-deploy");
        title.getStyleClass().add("placeholder-title");
        Label text = new Label("Deploying the module to a test host over SSH — probe, upload, install, downtime "
                + "figures, health check, roll back — arrives in this tab with the remote-deploy layer; nothing here "
                + "deploys yet. Until then use the command line: foosched deploy (docs/deploy.md).");
        text.setWrapText(true);
        getChildren().addAll(title, text);
    }
}
