package org.foosched.analysis.model;

import org.jgrapht.Graph;
import org.jgrapht.graph.DirectedMultigraph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduler's translation units as the collector saw them: every function and variable
 * they define and every use between them, as a JGraphT graph. Immutable once built.
 */
public final class CodeModel {

    private final Map<FnId, FnDef> functions;
    private final Map<VarId, VarDef> variables;
    private final Graph<NodeId, Use> graph;
    private final Map<String, Map<String, NodeId>> byUnitAndName;
    private final Map<String, List<NodeId>> globalsByName;

    private CodeModel(Map<FnId, FnDef> functions, Map<VarId, VarDef> variables, Graph<NodeId, Use> graph,
                      Map<String, Map<String, NodeId>> byUnitAndName, Map<String, List<NodeId>> globalsByName) {
        this.functions = Collections.unmodifiableMap(functions);
        this.variables = Collections.unmodifiableMap(variables);
        this.graph = graph;
        this.byUnitAndName = byUnitAndName;
        this.globalsByName = globalsByName;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Collection<FnDef> functions() {
        return functions.values();
    }

    public Collection<VarDef> variables() {
        return variables.values();
    }

    public Optional<FnDef> function(FnId id) {
        return Optional.ofNullable(functions.get(id));
    }

    public Optional<VarDef> variable(VarId id) {
        return Optional.ofNullable(variables.get(id));
    }

    /** Definitions named {@code name} in any file. */
    public List<NodeId> named(String name) {
        List<NodeId> out = new ArrayList<>();
        functions.keySet().stream().filter(f -> f.name().equals(name)).forEach(out::add);
        variables.keySet().stream().filter(v -> v.name().equals(name)).forEach(out::add);
        return out;
    }

    /** The definition a unit means by {@code name}: its own, else the global one. */
    public Optional<NodeId> resolve(String unit, String name) {
        NodeId local = byUnitAndName.getOrDefault(unit, Map.of()).get(name);
        if (local != null) {
            return Optional.of(local);
        }
        List<NodeId> g = globalsByName.getOrDefault(name, List.of());
        return g.size() == 1 ? Optional.of(g.get(0)) : Optional.empty();
    }

    public Set<Use> usesOf(NodeId id) {
        return graph.containsVertex(id) ? graph.incomingEdgesOf(id) : Set.of();
    }

    public Set<Use> usesBy(NodeId id) {
        return graph.containsVertex(id) ? graph.outgoingEdgesOf(id) : Set.of();
    }

    public Graph<NodeId, Use> graph() {
        return graph;
    }

    /** Accumulates definitions per unit, then the uses (names resolved unit by unit). */
    public static final class Builder {
        private final Map<FnId, FnDef> functions = new LinkedHashMap<>();
        private final Map<VarId, VarDef> variables = new LinkedHashMap<>();
        private final Map<String, Map<String, NodeId>> byUnitAndName = new HashMap<>();
        private final Map<String, List<NodeId>> globalsByName = new HashMap<>();
        private final List<PendingUse> uses = new ArrayList<>();

        private record PendingUse(String unit, String from, String to, Use.Kind kind, int line) {
        }

        public Builder function(String unit, FnDef def) {
            FnDef merged = functions.merge(def.id(), def, (a, b) -> a.withUnits(b.units()));
            index(unit, def.id(), merged.isStatic());
            return this;
        }

        public Builder variable(String unit, VarDef def) {
            VarDef merged = variables.merge(def.id(), def, (a, b) -> a.withUnits(b.units()));
            index(unit, def.id(), merged.isStatic());
            return this;
        }

        /** A use by name, resolved when {@link #build()} knows every unit's definitions. */
        public Builder use(String unit, String from, String to, Use.Kind kind, int line) {
            uses.add(new PendingUse(unit, from, to, kind, line));
            return this;
        }

        private void index(String unit, NodeId id, boolean isStatic) {
            byUnitAndName.computeIfAbsent(unit, u -> new HashMap<>()).put(id.name(), id);
            if (!isStatic) {
                List<NodeId> list = globalsByName.computeIfAbsent(id.name(), n -> new ArrayList<>());
                if (!list.contains(id)) {
                    list.add(id);
                }
            }
        }

        public CodeModel build() {
            Graph<NodeId, Use> g = new DirectedMultigraph<>(Use.class);
            functions.keySet().forEach(g::addVertex);
            variables.keySet().forEach(g::addVertex);
            CodeModel partial = new CodeModel(functions, variables, g, byUnitAndName, globalsByName);
            for (PendingUse u : uses) {
                Optional<NodeId> from = partial.resolve(u.unit(), u.from());
                Optional<NodeId> to = partial.resolve(u.unit(), u.to());
                if (from.isPresent() && to.isPresent() && !from.get().equals(to.get())) {
                    Use use = new Use(from.get(), to.get(), u.kind(), u.unit(), u.line());
                    if (!g.containsEdge(use)) {
                        g.addEdge(from.get(), to.get(), use);
                    }
                }
            }
            return partial;
        }
    }
}
