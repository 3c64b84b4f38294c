package org.foosched.analysis.collect;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What to collect.
 *
 * @param sourceTree a clean kernel source tree; only read, never written
 * @param config     the kernel configuration to build with (e.g. {@code /boot/config-6.1.0-N-amd64})
 * @param buildDir   kbuild's output directory ({@code O=}); prepared once and reused
 * @param units      units to compile, relative to the source tree, e.g. {@code kernel/sched/core.c}
 * @param plugin     the collector plugin ({@link PluginBuilder#build})
 * @param factsDir   where the facts files go, one per unit
 */
public record CollectRequest(Path sourceTree, Path config, Path buildDir, List<String> units, Path plugin,
                             Path factsDir) {

    public CollectRequest {
        Objects.requireNonNull(sourceTree, "sourceTree");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(buildDir, "buildDir");
        Objects.requireNonNull(plugin, "plugin");
        Objects.requireNonNull(factsDir, "factsDir");
        units = List.copyOf(units);
        if (units.isEmpty()) {
            throw new IllegalArgumentException("no units to collect");
        }
    }

    /** Linux 6.1's scheduler: the four units kernel/sched/Makefile builds. */
    public static final List<String> SCHED_UNITS_6_1 = List.of(
            "kernel/sched/core.c", "kernel/sched/fair.c", "kernel/sched/build_policy.c",
            "kernel/sched/build_utility.c");
}
