package org.foosched.analysis.testing;

import org.foosched.analysis.boundary.VmReference;
import org.foosched.analysis.boundary.VmSymbol;
import org.foosched.analysis.boundary.VmlinuxView;

import org.foosched.analysis.model.NodeId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A hand-made vmlinux for analyzer unit tests. */
public final class FakeVmlinux implements VmlinuxView {

    private final Map<NodeId, VmSymbol> symbols = new HashMap<>();
    private final Map<NodeId, List<VmSymbol>> variants = new HashMap<>();
    private final Map<NodeId, List<VmReference>> refs = new HashMap<>();
    private final Set<String> exported = new HashSet<>();
    private final Map<String, String> blockers = new HashMap<>();
    private long next = 0xffffffff81000000L;

    public VmSymbol sym(NodeId id) {
        return symbols.computeIfAbsent(id, k -> new VmSymbol(k.name(), 0, next += 0x100, 0x80, true, ".text", true));
    }

    public FakeVmlinux has(NodeId... ids) {
        for (NodeId id : ids) {
            sym(id);
        }
        return this;
    }

    public FakeVmlinux variant(NodeId id, String suffix) {
        variants.computeIfAbsent(id, k -> new ArrayList<>())
                .add(new VmSymbol(id.name() + suffix, 0, next += 0x100, 0x40, true, ".text", false));
        return this;
    }

    /** vmlinux code outside the units calls {@code to} (or takes its address). */
    public FakeVmlinux calledFromOutside(NodeId to, String caller, String section, boolean call) {
        VmSymbol from = new VmSymbol(caller, 0, next += 0x100, 0x40, false, section, true);
        refs.computeIfAbsent(to, k -> new ArrayList<>()).add(new VmReference(from, null, sym(to), call));
        return this;
    }

    public FakeVmlinux cloneCalledFromOutside(NodeId to, String suffix, String caller) {
        VmSymbol clone = new VmSymbol(to.name() + suffix, 0, next += 0x100, 0x40, true, ".text", false);
        variants.computeIfAbsent(to, k -> new ArrayList<>()).add(clone);
        VmSymbol from = new VmSymbol(caller, 0, next += 0x100, 0x40, false, ".text", true);
        refs.computeIfAbsent(to, k -> new ArrayList<>()).add(new VmReference(from, null, clone, true));
        return this;
    }

    /** A symbol whose name several local symbols of vmlinux share: it has a sympos. */
    public FakeVmlinux hasAt(NodeId id, int sympos) {
        symbols.put(id, new VmSymbol(id.name(), sympos, next += 0x100, 0x80, true, ".text", true));
        return this;
    }

    /** The kernel rewrites part of the function's patch range (e.g. "a jump label at +0x9"). */
    public FakeVmlinux blocked(NodeId id, String blocker) {
        blockers.put(sym(id).name(), blocker);
        return this;
    }

    @Override
    public Optional<String> redirectBlocker(VmSymbol function) {
        return Optional.ofNullable(blockers.get(function.name()));
    }

    public FakeVmlinux exported(String name) {
        exported.add(name);
        return this;
    }

    @Override
    public Optional<VmSymbol> symbolOf(NodeId id) {
        return Optional.ofNullable(symbols.get(id));
    }

    @Override
    public List<VmSymbol> variantsOf(NodeId id) {
        return variants.getOrDefault(id, List.of());
    }

    @Override
    public List<VmReference> referencesTo(NodeId id) {
        return refs.getOrDefault(id, List.of());
    }

    @Override
    public boolean isExported(String name) {
        return exported.contains(name);
    }
}
