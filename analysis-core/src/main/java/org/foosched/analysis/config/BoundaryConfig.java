package org.foosched.analysis.config;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The boundary of the replaceable scheduler for one kernel line, as written in
 * {@code boundary-configs/<line>/boundary.yaml}.
 *
 * @param file            where it was read from ({@code null} when made in memory)
 * @param units           translation units the collector compiles (6.1: core.c, fair.c and the
 *                        two aggregates {@code build_policy.c}, {@code build_utility.c})
 * @param modFiles        source files whose functions and data form the scheduler module
 * @param interfacePrefix name prefixes of functions that are always interfaces (syscalls)
 * @param interfaces      functions called from outside that the module replaces
 * @param outsiders       functions that must stay vmlinux's although they would be replaced
 *                        (e.g. preemption entries tasks are switched out in)
 * @param extraPublic     static variables shared with vmlinux instead of private
 * @param forcePrivate    global variables the module re-defines instead of sharing
 * @param critical        variables whose state is rebuilt on load and unload
 * @param sidecar         functions outside {@code modFiles} replaced too
 */
public record BoundaryConfig(Path file,
                             List<Located<String>> units,
                             List<Located<String>> modFiles,
                             List<Located<String>> interfacePrefix,
                             List<Located<String>> interfaces,
                             List<Located<String>> outsiders,
                             List<Located<String>> extraPublic,
                             List<Located<String>> forcePrivate,
                             List<Located<String>> critical,
                             List<Located<SidecarEntry>> sidecar) {

    public BoundaryConfig {
        units = List.copyOf(units);
        modFiles = List.copyOf(modFiles);
        interfacePrefix = List.copyOf(interfacePrefix);
        interfaces = List.copyOf(interfaces);
        outsiders = List.copyOf(outsiders);
        extraPublic = List.copyOf(extraPublic);
        forcePrivate = List.copyOf(forcePrivate);
        critical = List.copyOf(critical);
        sidecar = List.copyOf(sidecar);
    }

    public Set<String> unitSet() {
        return values(units);
    }

    public Set<String> modFileSet() {
        return values(modFiles);
    }

    public Set<String> interfaceSet() {
        return values(interfaces);
    }

    public Set<String> outsiderSet() {
        return values(outsiders);
    }

    public Set<String> extraPublicSet() {
        return values(extraPublic);
    }

    public Set<String> forcePrivateSet() {
        return values(forcePrivate);
    }

    public Set<String> criticalSet() {
        return values(critical);
    }

    public boolean hasInterfacePrefix(String function) {
        return interfacePrefix.stream().anyMatch(p -> function.startsWith(p.value()));
    }

    /** A copy with another interface list (the workbench edits it; lines are kept where known). */
    public BoundaryConfig withInterfaces(List<String> names) {
        return new BoundaryConfig(file, units, modFiles, interfacePrefix, relocate(interfaces, names),
                outsiders, extraPublic, forcePrivate, critical, sidecar);
    }

    public BoundaryConfig withOutsiders(List<String> names) {
        return new BoundaryConfig(file, units, modFiles, interfacePrefix, interfaces, relocate(outsiders, names),
                extraPublic, forcePrivate, critical, sidecar);
    }

    public BoundaryConfig withExtraPublic(List<String> names) {
        return new BoundaryConfig(file, units, modFiles, interfacePrefix, interfaces, outsiders,
                relocate(extraPublic, names), forcePrivate, critical, sidecar);
    }

    public BoundaryConfig withForcePrivate(List<String> names) {
        return new BoundaryConfig(file, units, modFiles, interfacePrefix, interfaces, outsiders,
                extraPublic, relocate(forcePrivate, names), critical, sidecar);
    }

    public BoundaryConfig withCritical(List<String> names) {
        return new BoundaryConfig(file, units, modFiles, interfacePrefix, interfaces, outsiders,
                extraPublic, forcePrivate, relocate(critical, names), sidecar);
    }

    public BoundaryConfig withSidecar(List<SidecarEntry> entries) {
        return new BoundaryConfig(file, units, modFiles, interfacePrefix, interfaces, outsiders,
                extraPublic, forcePrivate, critical, entries.stream().map(Located::of).toList());
    }

    private static List<Located<String>> relocate(List<Located<String>> old, List<String> names) {
        return names.stream().map(n -> old.stream().filter(l -> l.value().equals(n)).findFirst()
                .orElse(Located.of(n))).toList();
    }

    private static <T> Set<T> values(List<Located<T>> list) {
        Set<T> out = new LinkedHashSet<>();
        list.forEach(l -> out.add(l.value()));
        return out;
    }
}
