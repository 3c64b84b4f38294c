package org.foosched.app.cli;

import org.foosched.remote.deploy.SchedulerMetrics;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Prints load/unload metrics side by side, nanoseconds with milliseconds beside them. */
final class MetricsTable {

    private MetricsTable() {
    }

    static void print(PrintWriter out, SchedulerMetrics... metrics) {
        List<SchedulerMetrics> present = new ArrayList<>(Arrays.stream(metrics).filter(m -> m != null).toList());
        if (present.isEmpty()) {
            out.println("no metrics in the kernel log");
            return;
        }
        List<String> header = new ArrayList<>();
        header.add("metric");
        for (SchedulerMetrics m : present) {
            header.add(m.source() + " " + m.phase().name().toLowerCase()
                    + (m.timestamp() == null ? "" : String.format(" @%.3f s", m.timestamp())));
        }
        boolean[] right = new boolean[header.size()];
        Arrays.fill(right, true);
        right[0] = false;
        TextTable t = new TextTable(header, right);
        addRow(t, present, "initialization", m -> ns(m.initializationNs()));
        addRow(t, present, "cpus", m -> count(m.cpus()));
        addRow(t, present, "threads", m -> count(m.threads()));
        addRow(t, present, "stop machine (downtime)", m -> ns(m.stopMachineNs()));
        addRow(t, present, "stop handler", m -> ns(m.stopHandlerNs()));
        addRow(t, present, "stack check", m -> ns(m.stackCheckNs()));
        addRow(t, present, "all", m -> ns(m.totalNs()));
        t.print(out);
    }

    private static void addRow(TextTable t, List<SchedulerMetrics> ms, String label,
                               java.util.function.Function<SchedulerMetrics, String> cell) {
        String[] cells = new String[ms.size() + 1];
        cells[0] = label;
        for (int i = 0; i < ms.size(); i++) {
            cells[i + 1] = cell.apply(ms.get(i));
        }
        t.row(cells);
    }

    static String ns(Long ns) {
        return ns == null ? "-" : String.format("%,d ns (%.3f ms)", ns, ns / 1e6);
    }

    private static String count(Integer n) {
        return n == null ? "-" : Integer.toString(n);
    }
}
