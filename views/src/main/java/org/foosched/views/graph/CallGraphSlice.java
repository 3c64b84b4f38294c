package org.foosched.views.graph;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.boundary.VmReference;
import org.foosched.analysis.boundary.VmlinuxView;
import org.foosched.analysis.model.CodeModel;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.model.Use;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the call graph the graph view draws: the neighbourhood of one function, callers
 * to the left and callees to the right, one column per hop, each node coloured by its class;
 * callers from vmlinux outside the scheduler's units (read from vmlinux's relocations) are
 * grey nodes, and every edge from code that stays in vmlinux into the boundary is marked.
 * Positions are computed here (columns and rows), so the view appears at once instead of
 * waiting for a force layout to settle.
 *
 * @param nodes     the nodes, with their positions
 * @param edges     the edges between them
 * @param centerKey the key of the centre node
 * @param truncated some neighbours were left out (more than {@code perColumn} in a column)
 */
public record CallGraphSlice(List<Node> nodes, List<Edge> edges, String centerKey, boolean truncated) {

    /**
     * A node: a function of the units (with its class) or a vmlinux caller outside them.
     *
     * @param key    unique key in the slice
     * @param id     the function, or null for a vmlinux caller
     * @param label  what is written on it
     * @param cls    its class, or null for a vmlinux caller
     * @param column hops from the centre, negative for callers
     */
    public record Node(String key, NodeId id, String label, FunctionClass cls, int column, double x, double y) {
        public boolean external() {
            return id == null;
        }

        /** Code that stays in vmlinux: an outsider, a function outside mod_files or a vmlinux caller. */
        public boolean inVmlinux() {
            return cls == null || cls == FunctionClass.OUTSIDE || cls == FunctionClass.OUTSIDER;
        }
    }

    /**
     * An edge.
     *
     * @param fromOutside the caller's code stays in vmlinux (it calls vmlinux's entry, which the
     *                    module replaces only for interfaces and callbacks)
     */
    public record Edge(String from, String to, Use.Kind kind, boolean fromOutside) {
    }

    public static final double COLUMN_WIDTH = 360;
    public static final double ROW_HEIGHT = 40;

    /** The neighbourhood of {@code center} within {@code hops} (1-3) calls either way. */
    public static CallGraphSlice around(AnalysisResult r, CodeModel model, VmlinuxView vm, FnId center, int hops,
                                        int perColumn) {
        Map<NodeId, Integer> column = new LinkedHashMap<>();
        column.put(center, 0);
        boolean truncated = false;
        // callers, then callees, breadth first
        for (int dir : new int[] {-1, 1}) {
            List<NodeId> frontier = List.of(center);
            for (int h = 1; h <= hops; h++) {
                Set<NodeId> next = new LinkedHashSet<>();
                for (NodeId n : frontier) {
                    Set<Use> uses = dir < 0 ? model.usesOf(n) : model.usesBy(n);
                    for (Use u : sorted(uses, dir)) {
                        NodeId other = dir < 0 ? u.from() : u.to();
                        if (!(other instanceof FnId) || u.kind() == Use.Kind.VARIABLE || column.containsKey(other)) {
                            continue;
                        }
                        next.add(other);
                    }
                }
                List<NodeId> kept = new ArrayList<>(next);
                if (kept.size() > perColumn) {
                    truncated = true;
                    kept = kept.subList(0, perColumn);
                }
                for (NodeId n : kept) {
                    column.put(n, dir * h);
                }
                frontier = kept;
            }
        }
        // vmlinux callers outside the units, for the centre and its direct callers
        Map<String, Integer> extColumn = new LinkedHashMap<>();
        List<String[]> extEdges = new ArrayList<>();
        if (vm != null) {
            List<NodeId> targets = new ArrayList<>();
            column.forEach((n, c) -> {
                if (c == 0 || c == -1) {
                    targets.add(n);
                }
            });
            Set<String> seenExt = new LinkedHashSet<>();
            int budget = Math.max(4, perColumn / 2);
            for (NodeId t : targets) {
                int perTarget = 0;
                for (VmReference ref : vm.referencesTo(t)) {
                    if (ref.fromNode() != null || ref.from().inInitSection()) {
                        continue;
                    }
                    String k = "vmlinux:" + ref.from().display();
                    if (!seenExt.add(k + "->" + key(t))) {
                        continue;
                    }
                    if (perTarget >= 6 || budget <= 0) {
                        truncated = true;
                        continue;
                    }
                    extEdges.add(new String[] {k, key(t)});
                    extColumn.merge(k, column.get(t) - 1, Math::min);
                    perTarget++;
                    budget--;
                }
            }
        }
        Map<Integer, Integer> counts = new HashMap<>();
        column.values().forEach(c -> counts.merge(c, 1, Integer::sum));
        extColumn.values().forEach(c -> counts.merge(c, 1, Integer::sum));
        Map<Integer, Integer> rows = new HashMap<>();
        Map<String, Node> nodes = new LinkedHashMap<>();
        // wide enough that the fitted view keeps labels of neighbouring columns apart
        int maxRows = counts.values().stream().mapToInt(Integer::intValue).max().orElse(1);
        double colWidth = Math.max(COLUMN_WIDTH, maxRows * ROW_HEIGHT * 1.6 / Math.max(1, counts.size() - 1));
        for (Map.Entry<NodeId, Integer> e : column.entrySet()) {
            NodeId n = e.getKey();
            FunctionClass cls = n instanceof FnId f ? r.function(f).map(FunctionResult::cls).orElse(null) : null;
            nodes.put(key(n), place(key(n), n, n.name(), cls == null ? FunctionClass.OUTSIDE : cls, e.getValue(), rows,
                    counts, colWidth));
        }
        extColumn.forEach((k, c) -> nodes.put(k, place(k, null, k.substring("vmlinux:".length()), null, c, rows, counts,
                colWidth)));
        List<Edge> edges = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (NodeId n : column.keySet()) {
            for (Use u : model.usesBy(n)) {
                if (u.kind() == Use.Kind.VARIABLE || !column.containsKey(u.to())) {
                    continue;
                }
                if (seen.add(key(n) + "->" + key(u.to()))) {
                    edges.add(new Edge(key(n), key(u.to()), u.kind(), nodes.get(key(n)).inVmlinux()));
                }
            }
        }
        for (String[] e : extEdges) {
            edges.add(new Edge(e[0], e[1], Use.Kind.CALL, true));
        }
        return new CallGraphSlice(List.copyOf(nodes.values()), edges, key(center), truncated);
    }

    private static List<Use> sorted(Set<Use> uses, int dir) {
        List<Use> l = new ArrayList<>(uses);
        l.sort(Comparator.comparing((Use u) -> (dir < 0 ? u.from() : u.to()).name()));
        return l;
    }

    private static Node place(String key, NodeId id, String label, FunctionClass cls, int c, Map<Integer, Integer> rows,
                              Map<Integer, Integer> counts, double colWidth) {
        int row = rows.merge(c, 1, Integer::sum) - 1;
        int n = counts.getOrDefault(c, 1);
        double y = (row - (n - 1) / 2.0) * ROW_HEIGHT;
        return new Node(key, id, label, cls, c, c * colWidth, -y);
    }

    /** The key of a definition: {@code file:name}. */
    public static String key(NodeId id) {
        return id.display();
    }

    public Node node(String key) {
        return nodes.stream().filter(n -> n.key().equals(key)).findFirst().orElse(null);
    }
}
