package org.foosched.views.deploy;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The selected host's state, re-bound when the selection changes, so the panel's controls bind
 * once to "the selected host" instead of to each entry.
 */
public final class SelectedHost {

    private final StringProperty busy = new SimpleStringProperty("");
    private final BooleanProperty cancellable = new SimpleBooleanProperty(false);
    private final StringProperty result = new SimpleStringProperty("");
    private final ObjectProperty<HostBadge> badge = new SimpleObjectProperty<>();
    private final StringProperty step = new SimpleStringProperty("");
    private final DoubleProperty fraction = new SimpleDoubleProperty(0);
    private final ObservableList<InfoRow> probe = FXCollections.observableArrayList();
    private final ObservableList<InfoRow> status = FXCollections.observableArrayList();

    void follow(HostEntry was, HostEntry now) {
        if (was != null) {
            busy.unbind();
            cancellable.unbind();
            result.unbind();
            badge.unbind();
            step.unbind();
            fraction.unbind();
            Bindings.unbindContent(probe, was.probeRows());
            Bindings.unbindContent(status, was.statusRows());
        }
        if (now == null) {
            busy.set("");
            cancellable.set(false);
            result.set("");
            badge.set(null);
            step.set("");
            fraction.set(0);
            probe.clear();
            status.clear();
            return;
        }
        busy.bind(now.busyProperty());
        cancellable.bind(now.cancellableProperty());
        result.bind(now.resultProperty());
        badge.bind(now.badgeProperty());
        step.bind(now.progress().stepProperty());
        fraction.bind(now.progress().fractionProperty());
        Bindings.bindContent(probe, now.probeRows());
        Bindings.bindContent(status, now.statusRows());
    }

    /** What runs on the host now ("" when idle). */
    public StringProperty busyProperty() {
        return busy;
    }

    public BooleanProperty cancellableProperty() {
        return cancellable;
    }

    /** How the last operation ended. */
    public StringProperty resultProperty() {
        return result;
    }

    public ObjectProperty<HostBadge> badgeProperty() {
        return badge;
    }

    public StringProperty stepProperty() {
        return step;
    }

    public DoubleProperty fractionProperty() {
        return fraction;
    }

    public ObservableList<InfoRow> probeRows() {
        return probe;
    }

    public ObservableList<InfoRow> statusRows() {
        return status;
    }
}
