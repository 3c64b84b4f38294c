package org.foosched.analysis.boundary;

import org.foosched.analysis.config.BoundaryConfig;
import org.foosched.analysis.config.Located;
import org.foosched.analysis.config.SidecarEntry;
import org.foosched.analysis.model.CodeModel;
import org.foosched.analysis.model.FnDef;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.model.NodeId;
import org.foosched.analysis.model.Use;
import org.foosched.analysis.model.VarDef;
import org.foosched.analysis.model.VarId;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Computes the boundary: which functions the module replaces (interfaces, callbacks,
 * sidecars), which it owns (insiders), which must stay vmlinux's (outsiders, found by
 * following uses from code outside the boundary), and where every variable sits in the seed's
 * data table. Pure and fast (a few hundred milliseconds on 6.1's scheduler), so the workbench
 * re-runs it on every configuration change.
 *
 * <p>The rules, in order of precedence:
 * <ol>
 *   <li>listed interfaces, interface prefixes and sidecars are redirected;</li>
 *   <li>init functions ran at boot and stay as they are;</li>
 *   <li>a function whose address is taken (in the units, or by data outside them) is a
 *       callback and is redirected, if vmlinux has it;</li>
 *   <li>a function reached by calls from outside the boundary — vmlinux code outside the
 *       units, the units' files outside mod_files — is an outsider, and so is everything an
 *       outsider calls (static inline helpers of headers pass the chain on);</li>
 *   <li>everything else is an insider.</li>
 * </ol>
 */
public final class Analyzer {

    /** The module per-CPU reserve of x86-64 kernels ({@code PERCPU_MODULE_RESERVE}). */
    static final long MODULE_PERCPU_RESERVE = 8 << 10;

    public AnalysisResult analyze(BoundaryConfig config, CodeModel model, VmlinuxView vmlinux) {
        return new Run(config, model, vmlinux).run();
    }

    private static final class Run {
        private final BoundaryConfig config;
        private final CodeModel model;
        private final VmlinuxView vm;
        private final Set<String> modFiles;
        private final String configFile;
        private final List<Problem> problems = new ArrayList<>();
        private final Map<FnId, FunctionClass> cls = new HashMap<>();
        private final Map<FnId, Reason> reasons = new HashMap<>();

        Run(BoundaryConfig config, CodeModel model, VmlinuxView vm) {
            this.config = config;
            this.model = model;
            this.vm = vm;
            this.modFiles = config.modFileSet();
            this.configFile = config.file() == null ? "boundary.yaml" : config.file().toString();
        }

        boolean inBoundary(NodeId id) {
            return modFiles.contains(id.file());
        }

        boolean isSidecar(FnId id) {
            return config.sidecar().stream().anyMatch(s -> s.value().function().equals(id.name())
                    && s.value().file().equals(id.file()));
        }

        boolean isHeaderInline(FnDef d) {
            return d.inHeader() && d.isStatic();
        }

        AnalysisResult run() {
            vm.problems().forEach(p -> problems.add(Problem.error("vmlinux", p)));
            checkConfigNames();
            classifyRedirectedAndInit();
            findCallbacks();
            findOutsiders();
            Map<FnId, FunctionResult> functions = new LinkedHashMap<>();
            // sorted by "file:name", each key made once (not once per comparison)
            model.functions().stream().map(d -> Map.entry(d.id().display(), d)).sorted(Map.Entry.comparingByKey())
                    .map(Map.Entry::getValue)
                    .forEach(d -> functions.put(d.id(), finish(d)));
            Map<VarId, VariableResult> variables = new LinkedHashMap<>();
            model.variables().stream().map(d -> Map.entry(d.id().display(), d)).sorted(Map.Entry.comparingByKey())
                    .map(Map.Entry::getValue)
                    .forEach(d -> variables.put(d.id(), place(d)));
            checkPerCpuBudget(variables);
            checkSleepers(functions);
            return new AnalysisResult(config, functions, variables, problems);
        }

        private void checkConfigNames() {
            for (Located<String> i : config.interfaces()) {
                List<FnDef> defs = boundaryFunctionsNamed(i.value());
                if (defs.isEmpty()) {
                    problems.add(Problem.error(configFile + ":" + i.line(), "interface '" + i.value()
                            + "' is not defined in mod_files of this kernel; remove it or add its file to mod_files"));
                } else if (defs.stream().allMatch(this::isHeaderInline)) {
                    problems.add(Problem.error(configFile + ":" + i.line(), "interface '" + i.value()
                            + "' is a static inline function of a header: every user has its own copy, "
                            + "nothing can be redirected; remove it from function.interface"));
                }
            }
            for (Located<String> o : config.outsiders()) {
                if (boundaryFunctionsNamed(o.value()).isEmpty()) {
                    problems.add(Problem.error(configFile + ":" + o.line(), "outsider '" + o.value()
                            + "' is not defined in mod_files of this kernel; remove it from function.outsider"));
                }
            }
            for (Located<SidecarEntry> s : config.sidecar()) {
                FnId id = new FnId(s.value().file(), s.value().function());
                if (model.function(id).isEmpty()) {
                    problems.add(Problem.error(configFile + ":" + s.line(), "sidecar '" + s.value().function()
                            + "' is not defined in " + s.value().file() + " within the collected units "
                            + config.unitSet()));
                }
            }
            checkVariables(config.extraPublic(), "data.extra_public", true);
            checkVariables(config.forcePrivate(), "data.force_private", false);
            checkVariables(config.critical(), "data.critical", null);
        }

        private void checkVariables(List<Located<String>> names, String section, Boolean mustBeStatic) {
            for (Located<String> n : names) {
                List<VarDef> defs = model.variables().stream()
                        .filter(v -> v.id().name().equals(n.value()) && inBoundary(v.id())).toList();
                if (defs.isEmpty()) {
                    problems.add(Problem.error(configFile + ":" + n.line(), "variable '" + n.value() + "' in "
                            + section + " is not defined in mod_files of this kernel"));
                } else if (mustBeStatic != null && defs.stream().noneMatch(v -> v.isStatic() == mustBeStatic)) {
                    problems.add(Problem.warning(configFile + ":" + n.line(), "variable '" + n.value() + "' in "
                            + section + " is already " + (mustBeStatic ? "global (shared)" : "static (private)")
                            + " by default; the entry changes nothing"));
                }
            }
        }

        /** Functions of mod_files by name, built once per run (the configuration names many). */
        private Map<String, List<FnDef>> boundaryByName;

        private List<FnDef> boundaryFunctionsNamed(String name) {
            if (boundaryByName == null) {
                boundaryByName = new HashMap<>();
                for (FnDef d : model.functions()) {
                    if (inBoundary(d.id())) {
                        boundaryByName.computeIfAbsent(d.id().name(), k -> new ArrayList<>()).add(d);
                    }
                }
            }
            return boundaryByName.getOrDefault(name, List.of());
        }

        private void classifyRedirectedAndInit() {
            Map<String, Located<String>> listed = new HashMap<>();
            config.interfaces().forEach(l -> listed.put(l.value(), l));
            Map<String, Located<String>> forcedOut = new HashMap<>();
            config.outsiders().forEach(l -> forcedOut.put(l.value(), l));
            for (FnDef d : model.functions()) {
                FnId id = d.id();
                Located<String> out = forcedOut.get(id.name());
                if (out != null && inBoundary(id)) {
                    boolean callable = !isHeaderInline(d) && vm.symbolOf(id).isPresent();
                    set(id, callable ? FunctionClass.OUTSIDER : FunctionClass.OPTIMIZED_OUTSIDER,
                            new Reason.ConfigEntry("function.outsider", configFile, out.line()));
                    continue;
                }
                if (inBoundary(id) && !isHeaderInline(d)) {
                    Located<String> l = listed.get(id.name());
                    if (l != null) {
                        set(id, FunctionClass.INTERFACE, new Reason.ConfigEntry("function.interface", configFile, l.line()));
                        continue;
                    }
                    Optional<Located<String>> prefix = config.interfacePrefix().stream()
                            .filter(p -> id.name().startsWith(p.value())).findFirst();
                    if (prefix.isPresent()) {
                        set(id, FunctionClass.INTERFACE, new Reason.Prefix(prefix.get().value()));
                        continue;
                    }
                }
                if (isSidecar(id)) {
                    int line = config.sidecar().stream().filter(s -> s.value().function().equals(id.name()))
                            .findFirst().map(Located::line).orElse(0);
                    set(id, FunctionClass.SIDECAR, new Reason.ConfigEntry("sidecar", configFile, line));
                    continue;
                }
                if (inBoundary(id) && (d.init() || vm.symbolOf(id).map(VmSymbol::inInitSection).orElse(false))) {
                    set(id, FunctionClass.INIT, new Reason.InitSection());
                }
            }
        }

        private void findCallbacks() {
            for (FnDef d : model.functions()) {
                FnId id = d.id();
                if (!inBoundary(id) || cls.containsKey(id) || isHeaderInline(d) || vm.symbolOf(id).isEmpty()) {
                    continue;
                }
                VmSymbol sym = vm.symbolOf(id).get();
                Optional<String> blocked = jumpBlocker(sym);
                if (blocked.isPresent() && model.usesOf(id).stream().anyMatch(u -> u.kind() == Use.Kind.ADDRESS)) {
                    set(id, FunctionClass.OUTSIDER, new Reason.NotInVmlinux("its address is taken but vmlinux's "
                            + sym.display() + " " + blocked.get() + ": vmlinux's copy stays the live one"));
                    continue;
                }
                for (Use u : model.usesOf(id)) {
                    if (u.kind() == Use.Kind.ADDRESS && !u.from().equals(id) && !isInitUser(u.from())) {
                        set(id, FunctionClass.CALLBACK, new Reason.AddressTaken(u.from(), u.line()));
                        break;
                    }
                }
                if (cls.containsKey(id)) {
                    continue;
                }
                for (VmReference r : vm.referencesTo(id)) {
                    if (!r.from().inInitSection() && isOutside(r.fromNode()) && !r.call()) {
                        set(id, FunctionClass.CALLBACK, new Reason.UsedFromOutside(r.from().display(),
                                "its address is stored by vmlinux in " + r.from().section()));
                        break;
                    }
                }
            }
        }

        private boolean isInitUser(NodeId n) {
            if (n instanceof FnId f) {
                return model.function(f).map(FnDef::init).orElse(false);
            }
            return model.variable((VarId) n).map(VarDef::init).orElse(false);
        }

        /** Outside the boundary: vmlinux code outside the units, or a unit's file outside mod_files. */
        private boolean isOutside(NodeId n) {
            if (n == null) {
                return true;
            }
            if (inBoundary(n)) {
                return false;
            }
            // Static inline helpers of headers outside mod_files are compiled into whoever calls
            // them: they are outside only when their callers are (followed by the walk below).
            return !(n instanceof FnId f && model.function(f).map(this::isHeaderInline).orElse(false));
        }

        private void findOutsiders() {
            Deque<NodeId> queue = new ArrayDeque<>();
            Map<NodeId, Boolean> visited = new HashMap<>();
            // Code of the units outside mod_files, and data initializers outside mod_files.
            for (FnDef d : model.functions()) {
                if (!inBoundary(d.id()) && !isHeaderInline(d) && !d.init()) {
                    visited.put(d.id(), true);
                    queue.add(d.id());
                }
            }
            for (VarDef v : model.variables()) {
                if (!inBoundary(v.id()) && !v.init()) {
                    visited.put(v.id(), true);
                    queue.add(v.id());
                }
            }
            // Functions the configuration keeps in vmlinux pass the chain on like any outsider.
            cls.forEach((id, c) -> {
                if (c == FunctionClass.OUTSIDER || c == FunctionClass.OPTIMIZED_OUTSIDER) {
                    visited.put(id, true);
                    queue.add(id);
                }
            });
            // Calls from vmlinux code outside the units.
            for (FnDef d : model.functions()) {
                FnId id = d.id();
                if (!inBoundary(id) || cls.containsKey(id)) {
                    continue;
                }
                for (VmReference r : vm.referencesTo(id)) {
                    if (!r.from().inInitSection() && isOutside(r.fromNode())) {
                        markOutsider(id, new Reason.UsedFromOutside(r.from().display(),
                                r.fromNode() == null ? "vmlinux " + r.from().section()
                                        : r.fromNode().file()), queue, visited);
                        break;
                    }
                }
            }
            while (!queue.isEmpty()) {
                NodeId user = queue.poll();
                for (Use u : model.usesBy(user)) {
                    if (!(u.to() instanceof FnId to) || u.kind() == Use.Kind.VARIABLE) {
                        continue;
                    }
                    FnDef target = model.function(to).orElse(null);
                    if (target == null || visited.containsKey(to)) {
                        continue;
                    }
                    if (!inBoundary(to)) {
                        if (isHeaderInline(target)) {
                            visited.put(to, true);
                            queue.add(to);
                        }
                        continue;
                    }
                    if (cls.containsKey(to)) {
                        continue;
                    }
                    Reason why = inBoundary(user) ? new Reason.UsedByOutsider(user, u.line())
                            : new Reason.UsedFromOutside(user.display(), "unit " + u.unit()
                            + (u.line() > 0 ? " line " + u.line() : ""));
                    if (!inBoundary(user) && user instanceof FnId uf
                            && model.function(uf).map(this::isHeaderInline).orElse(false)) {
                        why = new Reason.UsedByOutsider(user, u.line());
                    }
                    markOutsider(to, why, queue, visited);
                }
            }
        }

        private void markOutsider(FnId id, Reason why, Deque<NodeId> queue, Map<NodeId, Boolean> visited) {
            if (cls.containsKey(id) || visited.containsKey(id)) {
                return;
            }
            FnDef d = model.function(id).orElseThrow();
            boolean callable = !isHeaderInline(d) && vm.symbolOf(id).isPresent();
            set(id, callable ? FunctionClass.OUTSIDER : FunctionClass.OPTIMIZED_OUTSIDER, why);
            visited.put(id, true);
            queue.add(id);
        }

        private void set(FnId id, FunctionClass c, Reason r) {
            cls.put(id, c);
            reasons.put(id, r);
        }

        private FunctionResult finish(FnDef d) {
            FnId id = d.id();
            VmSymbol sym = vm.symbolOf(id).orElse(null);
            FunctionClass c = cls.get(id);
            Reason r = reasons.get(id);
            if (c == null) {
                if (inBoundary(id)) {
                    c = FunctionClass.INSIDER;
                    r = new Reason.OnlyFromInside();
                } else {
                    c = FunctionClass.OUTSIDE;
                    r = new Reason.NotInModFiles(id.file());
                }
            }
            if (c.redirected()) {
                checkRedirectable(d, c, sym);
            }
            boolean exported = !d.isStatic() && vm.isExported(id.name());
            boolean addressTaken = model.usesOf(id).stream().anyMatch(u -> u.kind() == Use.Kind.ADDRESS
                    && !u.from().equals(id) && !isInitUser(u.from()));
            return new FunctionResult(d, c, r, sym, exported, addressTaken);
        }

        /** A jump needs 5 bytes, after the 5 of the ftrace site when there is one. */
        private static boolean tooShort(VmSymbol s) {
            return s.size() < (s.fentry() ? 10 : 5);
        }

        /**
         * Why vmlinux's copy cannot take the redirect jump: too short, or the kernel itself rewrites
         * some of the 5 bytes the jump would replace (a jump label or static call site).
         */
        private Optional<String> jumpBlocker(VmSymbol s) {
            if (tooShort(s)) {
                return Optional.of("is only " + s.size() + " bytes, too short to hold a jump"
                        + (s.fentry() ? " after its ftrace site" : ""));
            }
            return vm.redirectBlocker(s).map(b -> "has " + b + " in the 5 bytes a jump would replace");
        }

        private void checkRedirectable(FnDef d, FunctionClass c, VmSymbol sym) {
            String name = d.id().name();
            Optional<String> blocked = sym == null ? Optional.empty() : jumpBlocker(sym);
            if (blocked.isPresent()) {
                problems.add(Problem.error(name, "vmlinux's " + sym.display() + " " + blocked.get()
                        + "; it cannot be redirected, remove it from the configuration"));
                return;
            }
            if (sym == null) {
                List<VmSymbol> clones = vm.variantsOf(d.id()).stream()
                        .filter(v -> !v.name().endsWith(".cold")).toList();
                if (c == FunctionClass.INTERFACE || c == FunctionClass.SIDECAR) {
                    problems.add(Problem.error(name, clones.isEmpty()
                            ? "the " + c.label() + " is inlined into all its callers in vmlinux; nothing can be "
                            + "redirected. Remove it from the configuration (its callers become outsiders)"
                            : "vmlinux has only compiler clones of this " + c.label() + " ("
                            + String.join(", ", clones.stream().map(VmSymbol::display).toList())
                            + ") whose calling convention differs; it cannot be redirected safely"));
                }
                return;
            }
            for (VmReference r : vm.referencesTo(d.id())) {
                VmSymbol t = r.target();
                boolean clone = !t.name().equals(sym.name()) && !t.name().endsWith(".cold");
                if (clone && isOutside(r.fromNode()) && !r.from().inInitSection()) {
                    problems.add(Problem.error(name, "vmlinux calls its compiler clone " + t.display() + " from "
                            + r.from().display() + " outside the boundary; a clone cannot be redirected, so that "
                            + "caller would keep the old code. Make " + name + " an outsider or widen the boundary"));
                    return;
                }
            }
        }

        private VariableResult place(VarDef d) {
            VarId id = d.id();
            VmSymbol sym = vm.symbolOf(id).orElse(null);
            List<String> warnings = new ArrayList<>();
            boolean usedByBoundary = model.usesOf(id).stream().anyMatch(u -> inBoundary(u.from()));
            if (!inBoundary(id)) {
                return new VariableResult(d, DataPlacement.SHARED, false, new Reason.NotInModFiles(id.file()), sym,
                        warnings, usedByBoundary);
            }
            boolean shared = !d.isStatic();
            Reason why = new Reason.DataRule(shared ? "global variables are shared by default (seed's rule)"
                    : "static variables are private by default (seed's rule)");
            Optional<Located<String>> pub = find(config.extraPublic(), id.name());
            Optional<Located<String>> priv = find(config.forcePrivate(), id.name());
            if (pub.isPresent()) {
                shared = true;
                why = new Reason.ConfigEntry("data.extra_public", configFile, pub.get().line());
            } else if (priv.isPresent()) {
                shared = false;
                why = new Reason.ConfigEntry("data.force_private", configFile, priv.get().line());
            }
            if (shared && sym == null) {
                shared = false;
                why = new Reason.NotInVmlinux("vmlinux has no symbol for it (optimized away), so the module "
                        + "keeps its own copy");
            }
            Optional<Located<String>> crit = find(config.critical(), id.name());
            if (!shared) {
                usedOutside(d).ifPresent(user -> warnings.add("private, but " + user + " uses vmlinux's copy: "
                        + "the two copies diverge while the module is loaded; consider data.extra_public"));
                boolean usedAfterBoot = model.usesOf(id).stream().map(Use::from)
                        .anyMatch(u -> inBoundary(u) && !isInitUser(u));
                Optional<NodeId> setUpAtBoot = d.initialized() || d.readOnly() || !usedAfterBoot ? Optional.empty()
                        : model.usesOf(id).stream().map(Use::from).filter(this::isInitUser).findFirst();
                setUpAtBoot.ifPresent(init ->
                        warnings.add("private, but init code (" + init.display() + ") sets vmlinux's copy up at "
                                + "boot and never runs for the module's: share it (data.extra_public) unless the "
                                + "module sets its own up"));
            }
            return new VariableResult(d, DataPlacement.of(shared, crit.isPresent()), true, why, sym, warnings,
                    usedByBoundary);
        }

        private Optional<String> usedOutside(VarDef d) {
            for (Use u : model.usesOf(d.id())) {
                NodeId from = u.from();
                boolean outsider = from instanceof FnId f && (cls.get(f) == FunctionClass.OUTSIDER
                        || (!inBoundary(f) && !model.function(f).map(fd -> fd.init() || isHeaderInline(fd)).orElse(true)));
                if (outsider) {
                    return Optional.of(from.display());
                }
            }
            for (VmReference r : vm.referencesTo(d.id())) {
                if (!r.from().inInitSection() && isOutside(r.fromNode())) {
                    return Optional.of(r.from().display() + " (vmlinux)");
                }
            }
            return Optional.empty();
        }

        /**
         * A redirected function that can reach {@code __schedule} is on the stack of a task that
         * sleeps or is preempted inside it; while any is, the stack check refuses to switch.
         */
        private void checkSleepers(Map<FnId, FunctionResult> functions) {
            Set<FnId> sleepers = new java.util.HashSet<>();
            Deque<FnId> queue = new ArrayDeque<>();
            functions.keySet().stream().filter(f -> f.name().equals("__schedule") && inBoundary(f)).forEach(f -> {
                sleepers.add(f);
                queue.add(f);
            });
            while (!queue.isEmpty()) {
                FnId f = queue.poll();
                for (Use u : model.usesOf(f)) {
                    if (u.kind() == Use.Kind.CALL && u.from() instanceof FnId caller && sleepers.add(caller)) {
                        queue.add(caller);
                    }
                }
            }
            for (FnId f : sleepers) {
                FunctionResult r = functions.get(f);
                if (r != null && r.tainted() && !f.name().equals("__schedule")) {
                    problems.add(Problem.warning(f.name(), "it calls into __schedule, so tasks can be switched out "
                            + "inside it; the stack check refuses to load or unload while one is (it retries)"));
                }
            }
        }

        private void checkPerCpuBudget(Map<VarId, VariableResult> variables) {
            long bytes = variables.values().stream()
                    .filter(v -> v.inBoundary() && !v.placement().shared() && v.def().percpu() && v.def().size() > 0)
                    .mapToLong(v -> v.def().size()).sum();
            if (bytes > MODULE_PERCPU_RESERVE) {
                problems.add(Problem.warning("per-cpu data", "the module's private per-CPU variables need "
                        + bytes + " bytes, more than the kernel's module reserve of " + MODULE_PERCPU_RESERVE
                        + " bytes: loading may fail; share some of them (data.extra_public)"));
            }
        }

        private static Optional<Located<String>> find(List<Located<String>> list, String name) {
            return list.stream().filter(l -> l.value().equals(name)).findFirst();
        }
    }
}
