package org.foosched.views.graph;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.model.CodeModel;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.Use;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The call graph aggregated per source file: one node per file of mod_files (with its
 * functions counted by class) plus one for everything outside mod_files, and one edge per
 * pair of files with the number of calls between them. Files sit on a circle.
 *
 * @param files the nodes
 * @param calls the edges
 */
public record FileOverview(List<FileNode> files, List<FileEdge> calls) {

    public static final String OUTSIDE = "(outside mod_files)";

    /**
     * @param file      kernel path, or {@link #OUTSIDE}
     * @param counts    functions by class
     * @param dominant  the class most of its boundary functions have (colours the node)
     */
    public record FileNode(String file, Map<FunctionClass, Integer> counts, FunctionClass dominant, double x, double y) {
        public int total() {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        public String label() {
            String base = file.equals(OUTSIDE) ? file : file.substring(file.lastIndexOf('/') + 1);
            return base + " (" + total() + ")";
        }
    }

    /** Calls from one file's functions to another's; {@code fromOutside}: the caller file is outside. */
    public record FileEdge(String from, String to, int calls, boolean fromOutside) {
    }

    public static FileOverview of(AnalysisResult r, CodeModel model) {
        Map<String, Map<FunctionClass, Integer>> counts = new TreeMap<>();
        for (FunctionResult f : r.functions()) {
            counts.computeIfAbsent(group(f), k -> new EnumMap<>(FunctionClass.class)).merge(f.cls(), 1, Integer::sum);
        }
        Map<String, Integer> edges = new LinkedHashMap<>();
        for (Use u : model.graph().edgeSet()) {
            if (u.kind() != Use.Kind.CALL || !(u.from() instanceof FnId a) || !(u.to() instanceof FnId b)) {
                continue;
            }
            FunctionResult fa = r.function(a).orElse(null);
            FunctionResult fb = r.function(b).orElse(null);
            if (fa == null || fb == null) {
                continue;
            }
            String ga = group(fa);
            String gb = group(fb);
            if (!ga.equals(gb)) {
                edges.merge(ga + "\u0000" + gb, 1, Integer::sum);
            }
        }
        List<String> names = new ArrayList<>(counts.keySet());
        names.remove(OUTSIDE);
        List<FileNode> nodes = new ArrayList<>();
        double radius = Math.max(240, names.size() * 42);
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            double a = 2 * Math.PI * i / names.size() - Math.PI / 2;
            nodes.add(node(n, counts.get(n), radius * Math.cos(a), -radius * Math.sin(a)));
        }
        if (counts.containsKey(OUTSIDE)) {
            nodes.add(node(OUTSIDE, counts.get(OUTSIDE), 0, 0)); // in the middle: everything calls into it
        }
        List<FileEdge> out = new ArrayList<>();
        edges.forEach((k, v) -> {
            String[] p = k.split("\u0000");
            out.add(new FileEdge(p[0], p[1], v, p[0].equals(OUTSIDE)));
        });
        return new FileOverview(nodes, out);
    }

    private static FileNode node(String n, Map<FunctionClass, Integer> c, double x, double y) {
        FunctionClass dominant = c.entrySet().stream()
                .filter(e -> e.getKey() != FunctionClass.OUTSIDE || n.equals(OUTSIDE))
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(FunctionClass.OUTSIDE);
        return new FileNode(n, c, dominant, x, y);
    }

    private static String group(FunctionResult f) {
        return f.cls() == FunctionClass.OUTSIDE ? OUTSIDE : f.def().id().file();
    }
}
