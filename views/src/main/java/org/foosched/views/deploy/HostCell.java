package org.foosched.views.deploy;

import javafx.beans.InvalidationListener;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** A host in the list: name, address and login, and its badge (or what runs on it now). */
final class HostCell extends ListCell<HostEntry> {

    private final Label name = new Label();
    private final Label where = new Label();
    private final Label badge = new Label();
    private final HBox box;
    private final InvalidationListener refresh = o -> show();
    private HostEntry shown;

    HostCell() {
        name.getStyleClass().add("host-name");
        where.getStyleClass().add("host-where");
        // the badge keeps its size; the name and address give way (ellipsis), so no row is wider
        // than the list and the badge is never cut
        name.setMinWidth(0);
        where.setMinWidth(0);
        VBox text = new VBox(1, name, where);
        text.setMinWidth(0);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        box = new HBox(6, text, spring, badge);
        box.setAlignment(Pos.CENTER_LEFT);
        box.setMinWidth(0);
        badge.setMinWidth(Region.USE_PREF_SIZE);
        setPrefWidth(0); // rows follow the list's width instead of widening it
    }

    @Override
    protected void updateItem(HostEntry e, boolean empty) {
        super.updateItem(e, empty);
        if (shown != null) {
            shown.badgeProperty().removeListener(refresh);
            shown.busyProperty().removeListener(refresh);
            shown.hostProperty().removeListener(refresh);
        }
        shown = empty ? null : e;
        if (shown == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        shown.badgeProperty().addListener(refresh);
        shown.busyProperty().addListener(refresh);
        shown.hostProperty().addListener(refresh);
        show();
        setText(null);
        setGraphic(box);
    }

    private void show() {
        HostEntry e = shown;
        if (e == null) {
            return;
        }
        name.setText(e.name());
        where.setText(e.host().user() + "@" + e.host().address() + ":" + e.host().port()
                + (e.host().knownHosts() == null ? " · key not trusted" : ""));
        if (e.isBusy()) {
            badge.getStyleClass().removeIf(c -> c.startsWith("badge-"));
            badge.getStyleClass().addAll("badge", "badge-busy");
            badge.setText(e.busyProperty().get() + "…");
        } else {
            Badges.show(badge, e.badge());
        }
    }
}
