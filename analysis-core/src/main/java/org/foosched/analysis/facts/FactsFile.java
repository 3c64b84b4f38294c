package org.foosched.analysis.facts;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the collector plugin learned about one translation unit (schema
 * {@value #SCHEMA}, see {@code docs/facts-schema.md}).
 *
 * @param unit     the main source file relative to the kernel source tree,
 *                 e.g. {@code kernel/sched/core.c}
 * @param compiler the GCC version that compiled it
 */
public record FactsFile(String schema, String unit, String compiler, List<FunctionFact> functions,
                        List<VariableFact> variables, List<CallFact> calls, List<RefFact> refs,
                        List<FieldFact> fields, List<DeclarationFact> declarations) {

    /** The schema this code reads and the plugin writes. */
    public static final String SCHEMA = "foosched-facts/1";

    public FactsFile {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(compiler, "compiler");
        functions = copy(functions);
        variables = copy(variables);
        calls = copy(calls);
        refs = copy(refs);
        fields = copy(fields);
        declarations = copy(declarations);
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }

    /** The file name the plugin writes for a unit: {@code kernel__sched__core.c.facts.json}. */
    public static String fileNameOf(String unit) {
        return unit.replace("/", "__") + ".facts.json";
    }

    /** The definition of a function (or alias) by C name. */
    public Optional<FunctionFact> function(String name) {
        return functions.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** The file-scope variable of that name (function-local statics are not found here). */
    public Optional<VariableFact> variable(String name) {
        return variables.stream().filter(v -> v.name().equals(name) && v.scope() == null).findFirst();
    }

    /** The function-local static {@code name} of function {@code scope}. */
    public Optional<VariableFact> localStatic(String scope, String name) {
        return variables.stream().filter(v -> v.name().equals(name) && scope.equals(v.scope())).findFirst();
    }
}
