package org.foosched.views.deploy;

import javafx.geometry.Insets;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.foosched.remote.deploy.MetricsPhase;

/**
 * The downtime of the selected host's deployments: one chart for loads and one for unloads,
 * a line per timing (stop machine, stop handler, stack check, all) in milliseconds, a point
 * per deployment from the deploy history, newest on the right; and the latest deployment's
 * numbers in a table.
 */
final class DowntimeChartView extends BorderPane {

    private final LineChart<String, Number> load = chart("deploy-chart-load");
    private final LineChart<String, Number> unload = chart("deploy-chart-unload");
    private final Label empty = new Label();

    DowntimeChartView(DeployViewModel vm) {
        TableView<DowntimeHistory.Row> table = new TableView<>(vm.latestMetrics());
        table.setId("deploy-latest-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column("latest deployment", DowntimeHistory.Row::metric, 170));
        table.getColumns().add(column("load", DowntimeHistory.Row::load, 200));
        table.getColumns().add(column("unload", DowntimeHistory.Row::unload, 200));
        table.setPlaceholder(new Label("no deployment of this host in the deploy history yet"));
        table.setPrefHeight(230);
        table.setMinHeight(120);
        empty.setId("deploy-chart-empty");
        empty.getStyleClass().add("host-where");
        HBox charts = new HBox(6, load, unload);
        HBox.setHgrow(load, Priority.ALWAYS);
        HBox.setHgrow(unload, Priority.ALWAYS);
        setTop(empty);
        setCenter(charts);
        setBottom(table);
        BorderPane.setMargin(table, new Insets(4, 0, 0, 0));
        setPadding(new Insets(4));
        vm.chartProperty().addListener((o, a, c) -> show(c));
        show(vm.chartProperty().get());
    }

    private static LineChart<String, Number> chart(String id) {
        CategoryAxis x = new CategoryAxis();
        x.setLabel("deployment (oldest left, newest right)");
        x.setTickLabelRotation(-30);
        NumberAxis y = new NumberAxis();
        y.setLabel("ms");
        y.setForceZeroInRange(true);
        LineChart<String, Number> c = new LineChart<>(x, y);
        c.setId(id);
        c.setAnimated(false);
        c.setCreateSymbols(true);
        c.setMinWidth(200);
        c.setPrefHeight(300);
        return c;
    }

    static <R> TableColumn<R, String> column(String title, java.util.function.Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new javafx.beans.property.ReadOnlyStringWrapper(value.apply(d.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private void show(DowntimeHistory.Chart c) {
        fill(load, c, MetricsPhase.LOAD);
        fill(unload, c, MetricsPhase.UNLOAD);
        empty.setText(c.host().isEmpty() ? "select a host" : c.isEmpty()
                ? "no deployment of " + c.host() + " in the deploy history yet: deploy and roll back to see their downtime"
                : c.loads().size() + " loads and " + c.unloads().size() + " unloads of " + c.host()
                + " in the deploy history (the newest " + DowntimeHistory.DEFAULT_LIMIT + " at most)");
    }

    private static void fill(LineChart<String, Number> chart, DowntimeHistory.Chart c, MetricsPhase phase) {
        chart.setTitle((phase == MetricsPhase.LOAD ? "Load" : "Unload") + (c.host().isEmpty() ? "" : " on " + c.host()));
        chart.getData().clear();
        CategoryAxis x = (CategoryAxis) chart.getXAxis();
        x.getCategories().setAll(c.points(phase).stream().map(DowntimeHistory.Point::label).toList());
        for (DowntimeMetric m : DowntimeMetric.values()) {
            XYChart.Series<String, Number> s = new XYChart.Series<>();
            s.setName(m.label());
            for (DowntimeHistory.Point p : c.points(phase)) {
                Double v = DowntimeHistory.millis(m.nanos(p.metrics()));
                if (v != null) {
                    s.getData().add(new XYChart.Data<>(p.label(), v));
                }
            }
            chart.getData().add(s);
            for (XYChart.Data<String, Number> d : s.getData()) {
                if (d.getNode() != null) {
                    Tooltip.install(d.getNode(), new Tooltip(m.label() + " " + String.format(java.util.Locale.ROOT,
                            "%.3f ms", d.getYValue().doubleValue()) + "\n" + d.getXValue()));
                }
            }
        }
    }
}
