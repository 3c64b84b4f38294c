package org.foosched.analysis.boundary;

import org.foosched.analysis.elf.SymbolBinding;
import org.foosched.analysis.elf.SymbolType;
import org.foosched.analysis.elf.X86_64Relocations;
import org.foosched.analysis.model.CodeModel;
import org.foosched.analysis.model.FnDef;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.model.VarDef;
import org.foosched.analysis.model.VarId;
import org.foosched.analysis.vmlinux.PatchSites;
import org.foosched.analysis.vmlinux.Reference;
import org.foosched.analysis.vmlinux.VmlinuxIndex;
import org.foosched.analysis.vmlinux.VmlinuxSymbol;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The analysis' view of vmlinux, over the vmlinux index. The one subtle part is telling which
 * local symbol is ours: vmlinux's {@code STT_FILE} symbols give only base names (Debian's 6.1
 * has 28 files called {@code core.c}), so each unit is matched to the file group whose local
 * symbols share the most names with the unit's static definitions.
 */
public final class IndexedVmlinuxView implements VmlinuxView {

    private final VmlinuxIndex index;
    private final CodeModel model;
    private final Map<String, Integer> unitGroups = new HashMap<>();
    private final List<String> ambiguities = new ArrayList<>();
    private final Map<Integer, String> groupUnits = new HashMap<>();
    private final Map<NodeId, Optional<VmlinuxSymbol>> symbols = new ConcurrentHashMap<>();
    private final Map<NodeId, List<VmReference>> references = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> fentry = new ConcurrentHashMap<>();
    private volatile PatchSites patchSites;

    public IndexedVmlinuxView(VmlinuxIndex index, CodeModel model, Collection<String> units) {
        this.index = index;
        this.model = model;
        for (String unit : units) {
            int group = matchGroup(unit);
            if (group >= 0) {
                unitGroups.put(unit, group);
                groupUnits.put(group, unit);
            }
        }
    }

    /** The STT_FILE group of a unit, or -1 when vmlinux has none (the unit is not built in). */
    public int groupOf(String unit) {
        return unitGroups.getOrDefault(unit, -1);
    }

    private int matchGroup(String unit) {
        String base = unit.substring(unit.lastIndexOf('/') + 1);
        Set<String> statics = new java.util.HashSet<>();
        model.functions().stream().filter(f -> f.isStatic() && f.units().contains(unit)).forEach(f -> statics.add(f.id().name()));
        model.variables().stream().filter(v -> v.isStatic() && v.units().contains(unit)).forEach(v -> statics.add(v.id().name()));
        int best = -1;
        int bestScore = 0;
        boolean tie = false;
        for (int group : index.unitsOfFile(base)) {
            int score = 0;
            for (VmlinuxSymbol s : index.symbolsInUnit(group)) {
                if (statics.contains(s.baseName())) {
                    score++;
                }
            }
            if (score > bestScore) {
                bestScore = score;
                best = group;
                tie = false;
            } else if (score == bestScore && score > 0) {
                tie = true;
            }
        }
        if (tie) {
            ambiguities.add(unit + ": two translation units named " + base + " in vmlinux define its static functions "
                    + "equally well; its local symbols cannot be told apart");
            return -1;
        }
        return best;
    }

    @Override
    public Optional<VmSymbol> symbolOf(NodeId id) {
        return vmSymbol(id).map(this::toVm);
    }

    /** The index's symbol of a definition (only one kallsyms can resolve). */
    public Optional<VmlinuxSymbol> vmSymbol(NodeId id) {
        return symbols.computeIfAbsent(id, this::find);
    }

    private Optional<VmlinuxSymbol> find(NodeId id) {
        boolean function = id instanceof FnId;
        boolean isStatic = function ? model.function((FnId) id).map(FnDef::isStatic).orElse(false)
                : model.variable((VarId) id).map(VarDef::isStatic).orElse(false);
        for (VmlinuxSymbol s : candidates(id, id.name(), isStatic)) {
            boolean typeOk = function ? s.isFunction() : (s.isObject() || s.type() == SymbolType.NOTYPE);
            if (typeOk && s.sympos() >= 0) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private List<VmlinuxSymbol> candidates(NodeId id, String name, boolean isStatic) {
        List<VmlinuxSymbol> out = new ArrayList<>();
        if (isStatic) {
            for (String unit : unitsOf(id)) {
                int group = groupOf(unit);
                for (VmlinuxSymbol s : index.symbolsNamed(name)) {
                    if (s.isLocal() && s.unit() == group) {
                        out.add(s);
                    }
                }
            }
        } else {
            for (VmlinuxSymbol s : index.symbolsNamed(name)) {
                if (s.binding() == SymbolBinding.GLOBAL || s.binding() == SymbolBinding.WEAK) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    private Set<String> unitsOf(NodeId id) {
        if (id instanceof FnId f) {
            return model.function(f).map(FnDef::units).orElse(Set.of());
        }
        return model.variable((VarId) id).map(VarDef::units).orElse(Set.of());
    }

    @Override
    public List<VmSymbol> variantsOf(NodeId id) {
        return variantSymbols(id).stream().map(this::toVm).toList();
    }

    private List<VmlinuxSymbol> variantSymbols(NodeId id) {
        if (!(id instanceof FnId f)) {
            return List.of();
        }
        boolean isStatic = model.function(f).map(FnDef::isStatic).orElse(false);
        Set<Integer> groups = new java.util.HashSet<>();
        unitsOf(id).forEach(u -> groups.add(groupOf(u)));
        List<VmlinuxSymbol> out = new ArrayList<>();
        for (VmlinuxSymbol s : index.variantsOf(id.name())) {
            if (s.isFunction() && (!s.isLocal() || !isStatic || groups.contains(s.unit()))) {
                out.add(s);
            }
        }
        return out;
    }

    @Override
    public List<VmReference> referencesTo(NodeId id) {
        return references.computeIfAbsent(id, this::collectReferences);
    }

    private List<VmReference> collectReferences(NodeId id) {
        List<VmlinuxSymbol> targets = new ArrayList<>();
        vmSymbol(id).ifPresent(targets::add);
        targets.addAll(variantSymbols(id));
        List<VmReference> out = new ArrayList<>();
        for (VmlinuxSymbol t : targets) {
            for (Reference r : index.referencesTo(t)) {
                if (r.from() == null || r.from().id() == t.id()) {
                    continue; // tables without a symbol (ORC, ftrace, alternatives), or self-reference
                }
                boolean exportTable = r.section().startsWith("__ksymtab");
                boolean call = exportTable || r.type() == X86_64Relocations.R_X86_64_PLT32;
                VmSymbol from = toVm(r.from());
                if (exportTable) {
                    from = new VmSymbol("modules (exported by " + r.from().name() + ")", 0, r.from().address(),
                            r.from().size(), false, r.section(), false);
                }
                out.add(new VmReference(from, exportTable ? null : nodeOf(r.from()), toVm(t), call));
            }
        }
        return List.copyOf(out);
    }

    /** The model definition a vmlinux symbol is, or null when it is not one of the units'. */
    public NodeId nodeOf(VmlinuxSymbol s) {
        String name = s.baseName();
        if (s.isLocal()) {
            String unit = groupUnits.get(s.unit());
            if (unit == null) {
                return null;
            }
            return model.resolve(unit, name).orElse(null);
        }
        List<NodeId> named = model.named(name);
        for (NodeId n : named) {
            boolean isStatic = n instanceof FnId f ? model.function(f).map(FnDef::isStatic).orElse(true)
                    : model.variable((VarId) n).map(VarDef::isStatic).orElse(true);
            if (!isStatic) {
                return n;
            }
        }
        return null;
    }

    @Override
    public List<String> problems() {
        return List.copyOf(ambiguities);
    }

    @Override
    public Optional<String> redirectBlocker(VmSymbol function) {
        PatchSites sites = patchSites;
        if (sites == null) {
            sites = PatchSites.of(index);
            patchSites = sites;
        }
        PatchSites all = sites;
        return index.symbolsNamed(function.name()).stream()
                .filter(s -> s.address() == function.address() && s.isFunction()).findFirst()
                .flatMap(s -> all.blocking(s, function.fentry() ? 5 : 0))
                .map(site -> "a " + site.kind().label() + " at +0x"
                        + Long.toHexString(site.address() - function.address()));
    }

    @Override
    public boolean isExported(String name) {
        return index.export(name).isPresent();
    }

    private VmSymbol toVm(VmlinuxSymbol s) {
        boolean fentry = s.isFunction() && this.fentry.computeIfAbsent(s.id(), k -> index.hasFentryCall(s));
        return new VmSymbol(s.name(), Math.max(0, s.sympos()), s.address(), s.size(), s.isLocal(), s.section(), fentry);
    }

    public VmlinuxIndex index() {
        return index;
    }
}
