package org.foosched.analysis.model;

import org.foosched.analysis.facts.Body;
import org.foosched.analysis.facts.CallFact;
import org.foosched.analysis.facts.FactsFile;
import org.foosched.analysis.facts.FunctionFact;
import org.foosched.analysis.facts.FunctionFlag;
import org.foosched.analysis.facts.Loc;
import org.foosched.analysis.facts.RefFact;
import org.foosched.analysis.facts.SymbolKind;
import org.foosched.analysis.facts.VariableFact;
import org.foosched.analysis.facts.VariableFlag;

import java.util.Collection;
import java.util.Set;

/** Builds the code model from the collector's facts, one file per translation unit. */
public final class FactsModelBuilder {

    private FactsModelBuilder() {
    }

    public static CodeModel build(Collection<FactsFile> units) {
        CodeModel.Builder b = CodeModel.builder();
        for (FactsFile f : units) {
            String unit = f.unit();
            // __ADDRESSABLE() and NOKPROBE_SYMBOL(): they keep a symbol emitted or list it for
            // kprobes; they do not use the function
            Set<String> discarded = new java.util.HashSet<>();
            f.variables().stream().filter(v -> v.section() != null
                            && (v.section().startsWith(".discard") || v.section().equals("_kprobe_blacklist")))
                    .forEach(v -> discarded.add(v.name()));
            for (FunctionFact fn : f.functions()) {
                if (fn.isAlias() || fn.has(FunctionFlag.EXTERNAL)) {
                    continue;
                }
                Body body = fn.body();
                boolean editable = body != null && !body.fromMacro();
                b.function(unit, new FnDef(new FnId(fn.loc().file(), fn.name()), Set.of(unit), fn.loc().line(),
                        fn.has(FunctionFlag.STATIC), fn.has(FunctionFlag.INLINE), fn.has(FunctionFlag.INIT),
                        fn.has(FunctionFlag.WEAK), fn.has(FunctionFlag.NOTRACE),
                        fn.expansion() == null ? null : fn.expansion().macro(), fn.decl(), pos(fn.loc()),
                        editable ? pos(body.open()) : null, editable ? pos(body.close()) : null));
            }
            for (VariableFact v : f.variables()) {
                if (v.isFunctionLocal() || discarded.contains(v.name())) {
                    continue;
                }
                b.variable(unit, new VarDef(new VarId(v.loc().file(), v.name()), Set.of(unit), v.loc().line(),
                        v.has(VariableFlag.STATIC), v.has(VariableFlag.PERCPU), v.has(VariableFlag.INIT),
                        v.has(VariableFlag.CONST), v.size() == null ? -1 : v.size(),
                        v.expansion() == null ? null : v.expansion().macro(), v.decl(), pos(v.loc()),
                        v.has(VariableFlag.HAS_INITIALIZER)));
            }
            for (CallFact c : f.calls()) {
                b.use(unit, c.from(), c.to(), Use.Kind.CALL, c.loc().line());
            }
            for (RefFact r : f.refs()) {
                if (r.fromScope() != null || r.toScope() != null || discarded.contains(r.from())) {
                    continue; // a function-local static: part of its function's body
                }
                if (r.toKind() == SymbolKind.FUNCTION && r.addressTaken()) {
                    b.use(unit, r.from(), r.to(), Use.Kind.ADDRESS, r.loc() == null ? 0 : r.loc().line());
                } else if (r.toKind() == SymbolKind.VARIABLE) {
                    b.use(unit, r.from(), r.to(), Use.Kind.VARIABLE, r.loc() == null ? 0 : r.loc().line());
                }
            }
        }
        return b.build();
    }

    private static Pos pos(Loc l) {
        return new Pos(l.line(), l.col());
    }
}
