package org.foosched.analysis.boundary;

import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.model.VarId;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The boundary as computed for one kernel: every function of the units with its class and
 * reason, every variable in the seed's data table, and the problems found. Immutable; the
 * workbench keeps one per analysis run and diffs two to show what moved.
 */
public final class AnalysisResult {

    private final BoundaryConfig config;
    private final Map<FnId, FunctionResult> functions;
    private final Map<VarId, VariableResult> variables;
    private final List<Problem> problems;

    public AnalysisResult(BoundaryConfig config, Map<FnId, FunctionResult> functions,
                          Map<VarId, VariableResult> variables, List<Problem> problems) {
        this.config = config;
        this.functions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(functions));
        this.variables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variables));
        this.problems = List.copyOf(problems);
    }

    public BoundaryConfig config() {
        return config;
    }

    public Collection<FunctionResult> functions() {
        return functions.values();
    }

    public Collection<VariableResult> variables() {
        return variables.values();
    }

    public Optional<FunctionResult> function(FnId id) {
        return Optional.ofNullable(functions.get(id));
    }

    public Optional<VariableResult> variable(VarId id) {
        return Optional.ofNullable(variables.get(id));
    }

    public List<Problem> problems() {
        return problems;
    }

    public List<Problem> errors() {
        return problems.stream().filter(p -> p.severity() == Problem.Severity.ERROR).toList();
    }

    /** Functions of the boundary (mod_files), by class. */
    public Map<FunctionClass, Integer> countsByClass() {
        Map<FunctionClass, Integer> counts = new EnumMap<>(FunctionClass.class);
        for (FunctionResult f : functions.values()) {
            counts.merge(f.cls(), 1, Integer::sum);
        }
        return counts;
    }

    public Map<DataPlacement, Integer> countsByPlacement() {
        Map<DataPlacement, Integer> counts = new EnumMap<>(DataPlacement.class);
        for (VariableResult v : variables.values()) {
            if (v.inBoundary()) {
                counts.merge(v.placement(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Per defining file: class → count. */
    public Map<String, Map<FunctionClass, Integer>> countsByFile() {
        Map<String, Map<FunctionClass, Integer>> out = new TreeMap<>();
        for (FunctionResult f : functions.values()) {
            out.computeIfAbsent(f.def().id().file(), k -> new EnumMap<>(FunctionClass.class))
                    .merge(f.cls(), 1, Integer::sum);
        }
        return out;
    }

    /** The functions whose vmlinux entry jumps to the module, in address order. */
    public List<FunctionResult> redirected() {
        return functions.values().stream().filter(FunctionResult::tainted)
                .sorted(java.util.Comparator.comparingLong(f -> f.symbol().address())).toList();
    }

    /**
     * The functions of mod_files that code outside the boundary uses directly and that force
     * others out, with how many outsiders depend on each: where to look when tuning the
     * interface list (making a root an interface keeps its chain inside).
     */
    public Map<FunctionResult, Integer> outsiderRoots() {
        Map<FnId, FnId> rootOf = new java.util.HashMap<>();
        Map<FunctionResult, Integer> counts = new LinkedHashMap<>();
        for (FunctionResult f : functions.values()) {
            if (f.cls() != FunctionClass.OUTSIDER && f.cls() != FunctionClass.OPTIMIZED_OUTSIDER) {
                continue;
            }
            FnId root = rootOf(f.def().id(), rootOf, new java.util.HashSet<>());
            if (root != null && functions.containsKey(root)) {
                counts.merge(functions.get(root), 1, Integer::sum);
            }
        }
        List<Map.Entry<FunctionResult, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<FunctionResult, Integer>comparingByValue().reversed());
        Map<FunctionResult, Integer> out = new LinkedHashMap<>();
        sorted.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private FnId rootOf(FnId id, Map<FnId, FnId> memo, java.util.Set<FnId> seen) {
        if (memo.containsKey(id)) {
            return memo.get(id);
        }
        FunctionResult f = functions.get(id);
        FnId root = null;
        if (f != null && seen.add(id)) {
            if (f.reason() instanceof Reason.UsedByOutsider u && u.outsider() instanceof FnId next
                    && functions.containsKey(next)
                    && functions.get(next).cls() != FunctionClass.OUTSIDE) {
                root = rootOf(next, memo, seen);
            } else {
                root = id;
            }
        }
        memo.put(id, root);
        return root;
    }

    /** Definitions with this name (functions first). */
    public List<NodeId> named(String name) {
        List<NodeId> out = new ArrayList<>();
        functions.keySet().stream().filter(f -> f.name().equals(name)).forEach(out::add);
        variables.keySet().stream().filter(v -> v.name().equals(name)).forEach(out::add);
        return out;
    }

    /**
     * Why {@code id} is classified so, as lines: the class, then the reason, then for outsiders
     * the chain of users that forced it out, up to the use from outside the boundary.
     */
    public List<String> explain(NodeId id) {
        List<String> lines = new ArrayList<>();
        if (id instanceof FnId f && functions.containsKey(f)) {
            FunctionResult r = functions.get(f);
            lines.add(f.display() + " is " + article(r.cls().label()) + r.cls().label()
                    + (r.symbol() != null ? " (vmlinux symbol " + r.symbol().display() + ")" : " (no callable copy in vmlinux)")
                    + (r.exported() ? ", exported" : ""));
            Reason reason = r.reason();
            java.util.Set<NodeId> seen = new java.util.HashSet<>();
            String indent = "  because ";
            while (reason != null) {
                lines.add(indent + reason.describe());
                if (reason instanceof Reason.UsedByOutsider u && seen.add(u.outsider())
                        && u.outsider() instanceof FnId next && functions.containsKey(next)) {
                    reason = functions.get(next).reason();
                    indent = "  and " + next.name() + " stays in vmlinux because ";
                } else {
                    reason = null;
                }
            }
        } else if (id instanceof VarId v && variables.containsKey(v)) {
            VariableResult r = variables.get(v);
            lines.add(v.display() + " is " + (r.placement().shared() ? "shared" : "private")
                    + (r.placement().critical() ? ", critical" : ", non-critical")
                    + " data: " + r.placement().action().label() + " on load"
                    + (r.symbol() != null ? " (vmlinux symbol " + r.symbol().display() + ")" : ""));
            lines.add("  because " + r.reason().describe());
            r.warnings().forEach(w -> lines.add("  warning: " + w));
        } else {
            lines.add(id.display() + " is not defined in the scheduler's translation units");
        }
        return lines;
    }

    private static String article(String label) {
        return "aeiou".indexOf(label.charAt(0)) >= 0 ? "an " : "a ";
    }
}
