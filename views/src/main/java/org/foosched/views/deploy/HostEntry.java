package org.foosched.views.deploy;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.foosched.remote.deploy.HostProbe;
import org.foosched.remote.deploy.HostStatus;
import org.foosched.remote.hosts.Host;
import org.foosched.views.workbench.TaskProgress;

/**
 * One host of the deploy panel, as the list and the details show it: the inventory entry, its
 * badge, what runs on it now (one operation per host at a time), that operation's progress,
 * the last probe and status, and how the last operation ended. Changed on the UI thread only.
 */
public final class HostEntry {

    private final String name;
    private final ObjectProperty<Host> host = new SimpleObjectProperty<>();
    private final ObjectProperty<HostBadge> badge = new SimpleObjectProperty<>(HostBadge.unknown());
    private final StringProperty busy = new SimpleStringProperty("");
    private final BooleanProperty cancellable = new SimpleBooleanProperty(false);
    private final StringProperty result = new SimpleStringProperty("");
    private final ObjectProperty<HostProbe> probe = new SimpleObjectProperty<>();
    private final ObjectProperty<HostStatus> status = new SimpleObjectProperty<>();
    private final ObservableList<InfoRow> probeRows = FXCollections.observableArrayList();
    private final ObservableList<InfoRow> statusRows = FXCollections.observableArrayList();
    private final TaskProgress progress;

    HostEntry(Host host, TaskProgress progress) {
        this.name = host.name();
        this.host.set(host);
        this.progress = progress;
    }

    public String name() {
        return name;
    }

    public Host host() {
        return host.get();
    }

    public ObjectProperty<Host> hostProperty() {
        return host;
    }

    public ObjectProperty<HostBadge> badgeProperty() {
        return badge;
    }

    public HostBadge badge() {
        return badge.get();
    }

    /** What runs on the host now ("deploying scheduler 1.0.0"), empty when nothing does. */
    public StringProperty busyProperty() {
        return busy;
    }

    public boolean isBusy() {
        return !busy.get().isEmpty();
    }

    /** True while the running operation can still be stopped safely. */
    public BooleanProperty cancellableProperty() {
        return cancellable;
    }

    /** How the last operation on this host ended, in a sentence. */
    public StringProperty resultProperty() {
        return result;
    }

    public ObjectProperty<HostProbe> probeProperty() {
        return probe;
    }

    public ObjectProperty<HostStatus> statusProperty() {
        return status;
    }

    public ObservableList<InfoRow> probeRows() {
        return probeRows;
    }

    public ObservableList<InfoRow> statusRows() {
        return statusRows;
    }

    public TaskProgress progress() {
        return progress;
    }

    void showProbe(HostProbe p) {
        probe.set(p);
        probeRows.setAll(p == null ? java.util.List.of() : HostFacts.probe(p));
    }

    void showStatus(HostStatus s) {
        status.set(s);
        statusRows.setAll(s == null ? java.util.List.of() : HostFacts.status(s));
        badge.set(s == null ? HostBadge.unknown() : HostBadge.of(s));
    }

    /** The status could not be read: the badge says why; the last status read is no longer shown as current. */
    void statusFailed(Throwable failure) {
        status.set(null);
        statusRows.setAll(InfoRow.warn("status", HostBadge.of(failure).detail()));
        badge.set(HostBadge.of(failure));
    }

    @Override
    public String toString() {
        return name + " [" + badge.get().label() + "]" + (isBusy() ? " " + busy.get() + "…" : "");
    }
}
