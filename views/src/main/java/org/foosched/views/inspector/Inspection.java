package org.foosched.views.inspector;

import org.foosched.analysis.boundary.AnalysisResult;
import org.foosched.analysis.boundary.FunctionResult;
import org.foosched.analysis.boundary.VariableResult;
import org.foosched.analysis.model.CodeModel;
import org.foosched.analysis.model.FnDef;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.model.Use;
import org.foosched.analysis.model.VarDef;
import org.foosched.analysis.model.VarId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the inspector shows for a function or variable, read from the analysis and the code
 * model: its class and why (the explain chain), who uses it and what it uses, its declaration
 * and where it is defined.
 *
 * @param id          the definition
 * @param title       its name
 * @param kind        "function" or "variable"
 * @param classLabel  its class ({@code interface}, …) or its data-table cell
 * @param why         {@link AnalysisResult#explain} lines
 * @param users       callers (and other users), with their class
 * @param uses        callees (and variables used)
 * @param declaration the collector's printable declaration
 * @param definedAt   {@code file:line} in the kernel source
 * @param facts       symbol, flags and other short facts
 */
public record Inspection(NodeId id, String title, String kind, String classLabel, List<String> why,
                         List<Ref> users, List<Ref> uses, String declaration, String definedAt, List<String> facts) {

    /** Another definition, as a clickable line. */
    public record Ref(NodeId id, String name, String classLabel, String how) {
        @Override
        public String toString() {
            return name + "  (" + classLabel + (how.isEmpty() ? "" : ", " + how) + ")";
        }
    }

    public static Inspection of(AnalysisResult r, CodeModel model, NodeId id) {
        List<String> why = r.explain(id);
        List<Ref> users = refs(r, model.usesOf(id), true);
        List<Ref> uses = refs(r, model.usesBy(id), false);
        if (id instanceof FnId f) {
            FunctionResult fr = r.function(f).orElse(null);
            FnDef d = model.function(f).orElse(fr == null ? null : fr.def());
            List<String> facts = new ArrayList<>();
            if (fr != null) {
                facts.add(fr.symbol() != null ? "vmlinux symbol " + fr.symbol().display() + " in " + fr.symbol().section()
                        + (fr.symbol().fentry() ? " (ftrace site)" : "") : "no callable copy in vmlinux");
                if (fr.tainted()) {
                    facts.add("vmlinux's entry jumps to the module's " + fr.moduleName());
                }
                if (fr.exported()) {
                    facts.add("exported to modules");
                }
                if (fr.guarded()) {
                    facts.add("guarded: the module keeps its body unchanged");
                }
            }
            if (d != null) {
                List<String> flags = new ArrayList<>();
                if (d.isStatic()) {
                    flags.add("static");
                }
                if (d.inline()) {
                    flags.add("inline");
                }
                if (d.init()) {
                    flags.add("__init");
                }
                if (d.weak()) {
                    flags.add("weak");
                }
                if (d.notrace()) {
                    flags.add("notrace");
                }
                if (d.macro() != null) {
                    flags.add("made by " + d.macro() + "()");
                }
                if (!flags.isEmpty()) {
                    facts.add(String.join(", ", flags));
                }
                facts.add("compiled in " + String.join(", ", d.units()));
            }
            return new Inspection(id, f.name(), "function", fr == null ? "unknown" : fr.cls().label(), why, users, uses,
                    d == null ? "" : d.decl(), d == null ? f.file() : f.file() + ":" + d.line(), facts);
        }
        VarId v = (VarId) id;
        VariableResult vr = r.variable(v).orElse(null);
        VarDef d = model.variable(v).orElse(vr == null ? null : vr.def());
        List<String> facts = new ArrayList<>();
        if (vr != null) {
            facts.add(vr.symbol() != null ? "vmlinux symbol " + vr.symbol().display() + " in " + vr.symbol().section()
                    : "no symbol in vmlinux");
            facts.add("on load: " + vr.placement().action().label());
            vr.warnings().forEach(w -> facts.add("warning: " + w));
        }
        if (d != null) {
            facts.add((d.isStatic() ? "static" : "global") + (d.percpu() ? ", per-CPU" : "") + (d.readOnly() ? ", const" : "")
                    + (d.size() >= 0 ? ", " + d.size() + " bytes" : ""));
        }
        String cell = vr == null ? "unknown" : (vr.placement().shared() ? "shared" : "private")
                + (vr.placement().critical() ? ", critical" : ", non-critical");
        return new Inspection(id, v.name(), "variable", cell, why, users, uses, d == null ? "" : d.decl(),
                d == null ? v.file() : v.file() + ":" + d.line(), facts);
    }

    private static List<Ref> refs(AnalysisResult r, java.util.Set<Use> edges, boolean incoming) {
        Map<NodeId, List<Use>> by = new LinkedHashMap<>();
        for (Use u : edges) {
            by.computeIfAbsent(incoming ? u.from() : u.to(), k -> new ArrayList<>()).add(u);
        }
        List<Ref> out = new ArrayList<>();
        by.forEach((n, us) -> {
            String cls = n instanceof FnId f ? r.function(f).map(x -> x.cls().label()).orElse("?")
                    : r.variable((VarId) n).map(x -> x.placement().shared() ? "shared data" : "private data").orElse("data");
            String how = us.stream().map(u -> switch (u.kind()) {
                case CALL -> "calls";
                case ADDRESS -> "takes address";
                case VARIABLE -> "uses";
            }).distinct().reduce((a, b) -> a + ", " + b).orElse("");
            out.add(new Ref(n, n.name(), cls, how));
        });
        out.sort(Comparator.comparing(Ref::name));
        return out;
    }
}
