package org.foosched.views.deploy;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.RadioButton;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.foosched.remote.deploy.PackageFormat;
import org.foosched.remote.hosts.Host;

import java.io.File;

/**
 * The Deploy tab: the hosts with their badges on the left (add, remove, trust a key, the test
 * VM), and for the selected host its key question, status and probe, deploy and rollback with
 * progress, the downtime chart of its deployments, a live kernel log and the operation log.
 */
public final class DeployPanel extends BorderPane {

    private final DeployViewModel vm;
    private final TabPane tabs = new TabPane();

    public DeployPanel(DeployViewModel vm) {
        this.vm = vm;
        setId("deploy-panel");
        SplitPane split = new SplitPane(hostColumn(), details());
        split.setDividerPositions(0.27);
        SplitPane.setResizableWithParent(split.getItems().get(0), false);
        setCenter(split);
    }

    // --- the host list ---------------------------------------------------------------------------

    private Node hostColumn() {
        Label title = new Label("Hosts");
        title.getStyleClass().add("grid-header");
        ListView<HostEntry> list = new ListView<>(vm.hosts());
        list.setId("deploy-hosts");
        list.setCellFactory(l -> new HostCell());
        list.setPlaceholder(new Label("no hosts yet: Add host…, or Start test VM"));
        list.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != null && b != vm.selectedProperty().get()) {
                vm.selectedProperty().set(b);
            }
        });
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b != list.getSelectionModel().getSelectedItem()) {
                if (b == null) {
                    list.getSelectionModel().clearSelection();
                } else {
                    list.getSelectionModel().select(b);
                }
            }
        });
        vm.hosts().addListener((ListChangeListener<HostEntry>) c -> {
            HostEntry s = vm.selectedProperty().get();
            if (s != null && list.getSelectionModel().getSelectedItem() != s) {
                list.getSelectionModel().select(s);
            }
        });
        VBox.setVgrow(list, Priority.ALWAYS);

        Button add = button("Add host…", "deploy-add-host", "add a test host to the inventory (foosched hosts add)");
        add.setOnAction(e -> new AddHostDialog(vm, getScene().getWindow()).show());
        Button remove = button("Remove", "deploy-remove-host", "remove the selected host from the inventory");
        remove.disableProperty().bind(vm.selectedProperty().isNull().or(vm.selectedHost().busyProperty().isNotEmpty()));
        remove.setOnAction(e -> vm.removeSelected());
        Button trust = button("Trust key…", "deploy-trust", "connect (handshake only), show the host key's SHA256 "
                + "fingerprint and ask whether to trust it (foosched hosts trust)");
        trust.disableProperty().bind(vm.selectedProperty().isNull().or(vm.selectedHost().busyProperty().isNotEmpty()));
        trust.setOnAction(e -> vm.examineKey());
        Button all = button("Refresh all", "deploy-refresh-all", "read every host's status");
        all.setOnAction(e -> {
            vm.reloadHosts();
            vm.refreshAll();
        });
        HBox row1 = new HBox(6, add, remove);
        HBox row2 = new HBox(6, trust, all);

        Label vmTitle = new Label("Test VM");
        vmTitle.getStyleClass().add("grid-header");
        Button start = button("Start test VM", "deploy-vm-start", "boot the Debian 12 test VM with the kit's kernel "
                + "(foosched vm start); it joins the list as a host");
        start.disableProperty().bind(vm.testVm().busyProperty().or(vm.testVm().runningProperty()));
        start.setOnAction(e -> vm.testVm().start());
        start.textProperty().bind(Bindings.concat("Start ", vm.testVm().nameProperty()));
        Button stop = button("Stop", "deploy-vm-stop", "stop the test VM (foosched vm stop)");
        stop.disableProperty().bind(vm.testVm().busyProperty().or(vm.testVm().runningProperty().not()));
        stop.setOnAction(e -> vm.testVm().stop());
        Button cancelVm = button("Cancel", "deploy-vm-cancel", "stop the starting VM again");
        cancelVm.disableProperty().bind(vm.testVm().cancellableProperty().not());
        cancelVm.setOnAction(e -> vm.testVm().cancelStart());
        ProgressBar vmBar = new ProgressBar();
        vmBar.setMaxWidth(Double.MAX_VALUE);
        vmBar.progressProperty().bind(vm.testVm().progress().fractionProperty());
        vmBar.visibleProperty().bind(vm.testVm().busyProperty());
        vmBar.managedProperty().bind(vm.testVm().busyProperty());
        Label vmState = wrapped("deploy-vm-state");
        vmState.textProperty().bind(Bindings.when(vm.testVm().busyProperty())
                .then(Bindings.concat(vm.testVm().stateProperty(), "\n", vm.testVm().progress().stepProperty()))
                .otherwise(vm.testVm().stateProperty()));
        vmState.getStyleClass().add("host-where");

        Label message = wrapped("deploy-message");
        message.textProperty().bind(vm.messageProperty());
        message.getStyleClass().add("warning-text");

        VBox col = new VBox(6, title, list, row1, row2, new Separator(), vmTitle, new HBox(6, start, stop, cancelVm),
                vmBar, vmState, message);
        col.setPadding(new Insets(6));
        col.setMinWidth(240);
        return col;
    }

    // --- the selected host ---------------------------------------------------------------------

    private Node details() {
        Label host = new Label();
        host.setId("deploy-host-title");
        host.getStyleClass().add("inspector-title");
        Label where = new Label();
        where.getStyleClass().add("host-where");
        vm.selectedProperty().addListener((o, a, b) -> showHost(host, where, b));
        Label badge = new Label();
        badge.setId("deploy-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        vm.selectedHost().badgeProperty().addListener((o, a, b) -> Badges.show(badge, b));
        Label badgeDetail = wrapped("deploy-badge-detail");
        badgeDetail.getStyleClass().add("host-where");
        badgeDetail.textProperty().bind(Bindings.createStringBinding(() -> vm.selectedHost().badgeProperty().get() == null ? ""
                : vm.selectedHost().badgeProperty().get().detail(), vm.selectedHost().badgeProperty()));
        HBox header = new HBox(10, host, badge, where);
        header.setAlignment(Pos.BASELINE_LEFT);

        Button status = button("Refresh status", "deploy-status", "foosched status: packages, modules, last operation, "
                + "last metrics, problems");
        Button probe = button("Probe", "deploy-probe", "foosched probe: kernel, CPUs, threads, lockdown, live patches, "
                + "foosched modules, free space");
        status.setOnAction(e -> vm.refreshStatus());
        probe.setOnAction(e -> vm.probe());

        ToggleGroup source = new ToggleGroup();
        RadioButton latest = new RadioButton("workspace's latest");
        latest.setId("deploy-source-latest");
        latest.setToggleGroup(source);
        latest.setSelected(true);
        ComboBox<PackageFormat> format = new ComboBox<>();
        format.setId("deploy-format");
        format.getItems().setAll(PackageFormat.DEB, PackageFormat.RPM);
        format.valueProperty().bindBidirectional(vm.formatProperty());
        format.disableProperty().bind(latest.selectedProperty().not());
        RadioButton file = new RadioButton("file…");
        file.setId("deploy-source-file");
        file.setToggleGroup(source);
        file.setOnAction(e -> {
            if (!choose()) {
                latest.setSelected(vm.chosenPackageProperty().get() == null);
                file.setSelected(vm.chosenPackageProperty().get() != null);
            }
        });
        latest.setOnAction(e -> vm.chosenPackageProperty().set(null));
        Label pkg = wrapped("deploy-package");
        pkg.textProperty().bind(vm.packageDescriptionProperty());
        pkg.getStyleClass().add("code-label");
        HBox.setHgrow(pkg, Priority.ALWAYS);
        Label pkgTitle = new Label("Package:");
        pkgTitle.setMinWidth(Region.USE_PREF_SIZE);
        for (Region r : new Region[] {latest, format, file}) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        HBox packageRow = new HBox(8, pkgTitle, latest, format, file, pkg);
        packageRow.setAlignment(Pos.CENTER_LEFT);

        Button deploy = button("Deploy", "deploy-deploy", "foosched deploy: upload, install, wait for the module to "
                + "report enabled, read its load metrics");
        deploy.setDefaultButton(false);
        Button rollback = button("Rollback", "deploy-rollback", "foosched rollback: remove the package, verify the "
                + "module is gone, read its unload metrics");
        Button cancel = button("Cancel", "deploy-cancel", "stop the deploy while it uploads (once the package manager "
                + "runs on the host, it runs to its end)");
        deploy.setOnAction(e -> vm.deploy());
        rollback.setOnAction(e -> vm.rollback());
        cancel.setOnAction(e -> vm.cancel());
        var noHostOrBusy = vm.selectedProperty().isNull().or(vm.selectedHost().busyProperty().isNotEmpty());
        for (Button b : new Button[] {status, probe, deploy, rollback}) {
            b.disableProperty().bind(noHostOrBusy);
        }
        cancel.disableProperty().bind(vm.selectedHost().cancellableProperty().not());
        ProgressBar bar = new ProgressBar(0);
        bar.setId("deploy-progress");
        bar.setPrefWidth(220);
        bar.progressProperty().bind(vm.selectedHost().fractionProperty());
        Label step = new Label();
        step.setId("deploy-step");
        step.textProperty().bind(vm.selectedHost().stepProperty());
        step.setMinWidth(0);
        HBox actions = new HBox(8, status, probe, new Separator(Orientation.VERTICAL), deploy, rollback, cancel, bar, step);
        actions.setAlignment(Pos.CENTER_LEFT);
        Label result = wrapped("deploy-result");
        result.textProperty().bind(vm.selectedHost().resultProperty());

        VBox top = new VBox(6, header, badgeDetail, trustBar(), packageRow, actions, result);
        top.setPadding(new Insets(6, 8, 6, 8));

        tabs.setId("deploy-tabs");
        tabs.getTabs().addAll(tab("Host", hostFacts()), tab("Downtime", new DowntimeChartView(vm)),
                tab("Kernel log", kernelLog()), tab("Operation log", console(vm.console(), "deploy-console")));
        BorderPane p = new BorderPane(tabs);
        p.setTop(top);
        showHost(host, where, vm.selectedProperty().get());
        Badges.show(badge, vm.selectedHost().badgeProperty().get());
        return p;
    }

    private static void showHost(Label title, Label where, HostEntry e) {
        if (e == null) {
            title.setText("no host selected");
            where.setText("");
            return;
        }
        Host h = e.host();
        title.setText(e.name());
        where.setText(h.user() + "@" + h.address() + ":" + h.port() + " · "
                + (h.usesAgent() ? "SSH agent" : "key " + h.identityFile())
                + (h.knownHosts() == null ? " · host key not trusted yet" : ""));
    }

    /** The key question: shown only while one is pending. */
    private Node trustBar() {
        Label question = wrapped("deploy-trust-question");
        TextField fingerprint = new TextField();
        fingerprint.setId("deploy-fingerprint");
        fingerprint.setEditable(false);
        fingerprint.getStyleClass().add("code-label");
        fingerprint.setPrefColumnCount(52);
        Button yes = button("Trust this key", "deploy-trust-yes", "record this key for the host in the inventory");
        Button no = button("Don't trust", "deploy-trust-no", "record nothing: connections stay refused");
        yes.setOnAction(e -> vm.confirmTrust());
        no.setOnAction(e -> vm.rejectTrust());
        HBox buttons = new HBox(8, new Label("SHA256 fingerprint:"), fingerprint, yes, no);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox bar = new VBox(6, question, buttons);
        bar.setId("deploy-trust-bar");
        bar.setPadding(new Insets(8));
        bar.visibleProperty().bind(vm.trustPromptProperty().isNotNull());
        bar.managedProperty().bind(bar.visibleProperty());
        vm.trustPromptProperty().addListener((o, a, p) -> {
            bar.getStyleClass().removeAll("trust-new", "trust-changed");
            if (p == null) {
                return;
            }
            bar.getStyleClass().add(p.changed() ? "trust-changed" : "trust-new");
            question.setText(p.question());
            fingerprint.setText(p.fingerprint());
            yes.setText(p.changed() ? "Replace the recorded key" : "Trust this key");
        });
        return bar;
    }

    private Node hostFacts() {
        TableView<InfoRow> status = facts(vm.selectedHost().statusRows(), "deploy-status-table", "status",
                "Refresh status reads what is installed and loaded");
        TableView<InfoRow> probe = facts(vm.selectedHost().probeRows(), "deploy-probe-table", "probe",
                "Probe reads the kernel, CPUs, threads, lockdown, live patches and free space");
        SplitPane split = new SplitPane(status, probe);
        split.setDividerPositions(0.5);
        return split;
    }

    private static TableView<InfoRow> facts(ObservableList<InfoRow> rows, String id, String title, String placeholder) {
        TableView<InfoRow> t = new TableView<>(rows);
        t.setId(id);
        t.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        t.getColumns().add(DowntimeChartView.column(title, InfoRow::label, 130));
        t.getColumns().add(DowntimeChartView.column("", InfoRow::value, 380));
        Label ph = new Label(placeholder);
        ph.setWrapText(true);
        t.setPlaceholder(ph);
        t.setRowFactory(v -> new TableRow<>() {
            @Override
            protected void updateItem(InfoRow r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().remove("warning-row");
                setTooltip(null);
                if (!empty && r != null) {
                    if (r.warning()) {
                        getStyleClass().add("warning-row");
                    }
                    setTooltip(new Tooltip(r.label() + ": " + r.value()));
                }
            }
        });
        return t;
    }

    private Node kernelLog() {
        Button follow = button("Follow", "deploy-follow", "stream the selected host's kernel log (dmesg --follow)");
        Button stop = button("Stop following", "deploy-stop-follow", "stop streaming (the remote dmesg is stopped)");
        follow.disableProperty().bind(vm.kernelLog().followingProperty().or(vm.selectedProperty().isNull()));
        stop.disableProperty().bind(vm.kernelLog().followingProperty().not());
        follow.setOnAction(e -> vm.follow());
        stop.setOnAction(e -> vm.kernelLog().stop());
        Label what = new Label();
        what.setId("deploy-following");
        what.textProperty().bind(Bindings.when(vm.kernelLog().followingProperty())
                .then(Bindings.concat("following the kernel log of ", vm.kernelLog().hostProperty()))
                .otherwise(""));
        HBox bar = new HBox(8, follow, stop, what);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4));
        BorderPane p = new BorderPane(console(vm.kernelLog().lines(), "deploy-dmesg"));
        p.setTop(bar);
        return p;
    }

    private static ListView<String> console(ObservableList<String> lines, String id) {
        ListView<String> l = new ListView<>(lines);
        l.setId(id);
        l.getStyleClass().add("console");
        lines.addListener((ListChangeListener<String>) c -> {
            if (!lines.isEmpty()) {
                l.scrollTo(lines.size() - 1);
            }
        });
        return l;
    }

    private boolean choose() {
        FileChooser fc = new FileChooser();
        fc.setTitle("A foosched package to deploy");
        fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("foosched packages", "*.deb", "*.rpm"),
                new FileChooser.ExtensionFilter("all files", "*"));
        File f = fc.showOpenDialog(getScene().getWindow());
        if (f == null) {
            return false;
        }
        vm.chosenPackageProperty().set(f.toPath());
        return true;
    }

    private static Tab tab(String name, Node content) {
        Tab t = new Tab(name, content);
        t.setClosable(false);
        t.setId("deploy-tab-" + name.toLowerCase().replaceAll("[^a-z]+", "-"));
        return t;
    }

    private static Button button(String text, String id, String tooltip) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tooltip));
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private static Label wrapped(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    /** Shows one of the panel's tabs: "Host", "Downtime", "Kernel log", "Operation log". */
    public void showTab(String name) {
        tabs.getTabs().stream().filter(t -> t.getText().equals(name)).findFirst()
                .ifPresent(t -> tabs.getSelectionModel().select(t));
    }

    public DeployViewModel viewModel() {
        return vm;
    }
}
