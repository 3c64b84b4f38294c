package org.foosched.analysis.boundary;

import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.model.VarId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What moved between two analyses of the same kernel (before and after a boundary change):
 * functions that changed class and variables that changed cell of the data table, grouped by
 * cause, so the workbench can say "12 functions became outsiders because wake_up_q is used by
 * futex_wake_mark outside the boundary" right after an edit.
 */
public final class AnalysisDiff {

    /** A function whose class changed. */
    public record FunctionMove(FunctionResult before, FunctionResult after) {
        public FnId id() {
            return after.def().id();
        }

        public FunctionClass from() {
            return before.cls();
        }

        public FunctionClass to() {
            return after.cls();
        }
    }

    /** A variable whose placement changed. */
    public record VariableMove(VariableResult before, VariableResult after) {
        public VarId id() {
            return after.def().id();
        }

        public String describe() {
            return id().name() + ": " + label(before.placement()) + " -> " + label(after.placement());
        }
    }

    /**
     * Moves into one class with one cause.
     *
     * @param to      the class they moved to
     * @param causeFn the function whose reason moved them (for outsiders: the root of the chain
     *                of users, the function that code outside the boundary uses)
     * @param chained the moves follow from {@code causeFn} rather than from their own reason
     * @param moves   the moves, by name
     */
    public record Group(FunctionClass to, FunctionResult causeFn, boolean chained, List<FunctionMove> moves) {

        public NodeId causeNode() {
            return causeFn.def().id();
        }

        /** Why, as a clause: "wake_up_q is used by futex_wake outside the boundary (…)". */
        public String cause() {
            return causeText(causeFn, chained, moves.size());
        }

        /** "12 functions became outsiders (was 11 insiders, 1 callback) because …: a, b, c and 9 more". */
        public String summary() {
            Map<FunctionClass, Long> from = new EnumMap<>(FunctionClass.class);
            moves.forEach(m -> from.merge(m.from(), 1L, Long::sum));
            String were = from.entrySet().stream().map(e -> e.getValue() + " " + plural(e.getKey(), e.getValue()))
                    .collect(Collectors.joining(", "));
            int n = moves.size();
            List<String> names = moves.stream().map(m -> m.id().name()).limit(6).toList();
            return n + (n == 1 ? " function became " : " functions became ") + became(to, n) + " (was " + were + ") because " + cause() + ": " + String.join(", ", names)
                    + (n > names.size() ? " and " + (n - names.size()) + " more" : "");
        }
    }

    private final List<FunctionMove> functionMoves;
    private final List<VariableMove> variableMoves;
    private final List<Group> groups;
    private final List<Problem> newProblems;
    private final List<Problem> fixedProblems;

    private AnalysisDiff(List<FunctionMove> functionMoves, List<VariableMove> variableMoves, List<Group> groups,
                         List<Problem> newProblems, List<Problem> fixedProblems) {
        this.functionMoves = List.copyOf(functionMoves);
        this.variableMoves = List.copyOf(variableMoves);
        this.groups = List.copyOf(groups);
        this.newProblems = List.copyOf(newProblems);
        this.fixedProblems = List.copyOf(fixedProblems);
    }

    public static AnalysisDiff between(AnalysisResult before, AnalysisResult after) {
        List<FunctionMove> fm = new ArrayList<>();
        for (FunctionResult a : after.functions()) {
            before.function(a.def().id()).filter(b -> b.cls() != a.cls()).ifPresent(b -> fm.add(new FunctionMove(b, a)));
        }
        fm.sort(Comparator.comparing((FunctionMove m) -> m.id().name()).thenComparing(m -> m.id().file()));
        List<VariableMove> vm = new ArrayList<>();
        for (VariableResult a : after.variables()) {
            before.variable(a.def().id()).filter(b -> b.placement() != a.placement())
                    .ifPresent(b -> vm.add(new VariableMove(b, a)));
        }
        vm.sort(Comparator.comparing((VariableMove m) -> m.id().name()));

        Map<String, List<FunctionMove>> byCause = new LinkedHashMap<>();
        Map<String, FunctionResult> causeFns = new LinkedHashMap<>();
        Set<String> chainedKeys = new HashSet<>();
        for (FunctionMove m : fm) {
            FunctionResult causeFn = causeOf(after, m.after());
            boolean chained = causeFn != m.after();
            String key = m.to() + "|" + (chained ? "node:" + causeFn.def().id().display() : causeKey(causeFn));
            byCause.computeIfAbsent(key, k -> new ArrayList<>()).add(m);
            causeFns.putIfAbsent(key, causeFn);
            if (chained) {
                chainedKeys.add(key);
            }
        }
        List<Group> groups = new ArrayList<>();
        byCause.forEach((k, moves) -> groups.add(new Group(moves.get(0).to(), causeFns.get(k), chainedKeys.contains(k),
                moves)));
        groups.sort(Comparator.comparingInt((Group g) -> -g.moves().size()).thenComparing(g -> g.to().ordinal()));

        Set<String> beforeProblems = new HashSet<>();
        before.problems().forEach(p -> beforeProblems.add(p.toString()));
        Set<String> afterProblems = new HashSet<>();
        after.problems().forEach(p -> afterProblems.add(p.toString()));
        List<Problem> added = after.problems().stream().filter(p -> !beforeProblems.contains(p.toString())).toList();
        List<Problem> fixed = before.problems().stream().filter(p -> !afterProblems.contains(p.toString())).toList();
        return new AnalysisDiff(fm, vm, groups, added, fixed);
    }

    /** For an outsider: the root of its chain of users (the function code outside uses); else itself. */
    private static FunctionResult causeOf(AnalysisResult r, FunctionResult f) {
        FunctionResult cur = f;
        Set<FnId> seen = new HashSet<>();
        while (cur.reason() instanceof Reason.UsedByOutsider u && u.outsider() instanceof FnId next
                && seen.add(cur.def().id())) {
            FunctionResult n = r.function(next).orElse(null);
            if (n == null || n.cls() == FunctionClass.OUTSIDE) {
                break;
            }
            cur = n;
        }
        return cur;
    }

    /** Functions moved by their own reason share a cause when the reason is of one kind. */
    private static String causeKey(FunctionResult f) {
        Reason r = f.reason();
        if (r instanceof Reason.ConfigEntry c) {
            return "config:" + c.section();
        }
        if (r instanceof Reason.Prefix p) {
            return "prefix:" + p.prefix();
        }
        if (r instanceof Reason.UsedFromOutside || r instanceof Reason.UsedByOutsider) {
            return "node:" + f.def().id().display();
        }
        return "reason:" + r.getClass().getSimpleName() + (r instanceof Reason.NotInModFiles n ? ":" + n.file() : "");
    }

    static String causeText(FunctionResult causeFn, boolean chained, int n) {
        Reason r = causeFn.reason();
        String they = n == 1 ? "it" : "they";
        String them = n == 1 ? "it" : "them";
        if (chained || r instanceof Reason.UsedFromOutside || r instanceof Reason.UsedByOutsider) {
            return causeFn.name() + " is " + r.describe().replaceFirst("^it is ", "").replaceFirst("^its ", "its ");
        }
        if (r instanceof Reason.ConfigEntry c) {
            return "the boundary lists " + them + " in " + c.section();
        }
        if (r instanceof Reason.Prefix p) {
            return (n == 1 ? "its name starts" : "their names start") + " with the interface prefix '" + p.prefix() + "'";
        }
        if (r instanceof Reason.AddressTaken a) {
            return n == 1 ? "its address is taken by " + a.by().display()
                    : "their addresses are taken (e.g. by " + a.by().display() + ")";
        }
        if (r instanceof Reason.InitSection) {
            return they + (n == 1 ? " is" : " are") + " init code: vmlinux ran " + them + " at boot and freed " + them;
        }
        if (r instanceof Reason.OnlyFromInside) {
            return "only the boundary's own code uses " + them + " now";
        }
        if (r instanceof Reason.NotInModFiles nf) {
            return nf.file() + " is not in mod_files";
        }
        if (r instanceof Reason.NotInVmlinux nv) {
            return "vmlinux has no callable copy (" + nv.detail() + ")";
        }
        return r.describe();
    }

    /** "an interface", "outsiders", "outside the boundary". */
    static String became(FunctionClass c, long n) {
        if (c == FunctionClass.OUTSIDE) {
            return "outside the boundary";
        }
        String noun = plural(c, n);
        return n != 1 ? noun : ("aeiou".indexOf(noun.charAt(0)) >= 0 ? "an " : "a ") + noun;
    }

    /** The cells of the seed's table, as the data table shows them. */
    public static String label(DataPlacement p) {
        return (p.shared() ? "shared" : "private") + (p.critical() ? " critical" : "") + " (" + p.action().label() + ")";
    }

    static String plural(FunctionClass c, long n) {
        String one = switch (c) {
            case INTERFACE -> "interface";
            case CALLBACK -> "callback";
            case SIDECAR -> "sidecar function";
            case INSIDER -> "insider";
            case OUTSIDER -> "outsider";
            case OPTIMIZED_OUTSIDER -> "optimized-away outsider";
            case INIT -> "init function";
            case OUTSIDE -> "function outside mod_files";
        };
        if (n == 1) {
            return one;
        }
        return c == FunctionClass.OUTSIDE ? "functions outside mod_files" : one + "s";
    }

    public List<FunctionMove> functionMoves() {
        return functionMoves;
    }

    public List<VariableMove> variableMoves() {
        return variableMoves;
    }

    public List<Group> groups() {
        return groups;
    }

    public List<Problem> newProblems() {
        return newProblems;
    }

    public List<Problem> fixedProblems() {
        return fixedProblems;
    }

    public boolean isEmpty() {
        return functionMoves.isEmpty() && variableMoves.isEmpty() && newProblems.isEmpty() && fixedProblems.isEmpty();
    }

    /** Human lines: one per group, then variables, then problems; "nothing moved" when empty. */
    public List<String> summary() {
        List<String> out = new ArrayList<>();
        groups.forEach(g -> out.add(g.summary()));
        if (!variableMoves.isEmpty()) {
            List<String> names = variableMoves.stream().map(VariableMove::describe).limit(6).toList();
            out.add(variableMoves.size() + (variableMoves.size() == 1 ? " variable moved: " : " variables moved: ")
                    + String.join("; ", names) + (variableMoves.size() > names.size()
                    ? " and " + (variableMoves.size() - names.size()) + " more" : ""));
        }
        newProblems.forEach(p -> out.add("new " + p));
        fixedProblems.forEach(p -> out.add("fixed " + p));
        if (out.isEmpty()) {
            out.add("nothing moved");
        }
        return out;
    }
}
