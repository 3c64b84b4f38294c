package org.foosched.remote.deploy;

import java.util.List;
import java.util.Map;

/**
 * What {@code foosched probe} learns about a host.
 *
 * @param host            inventory name
 * @param release         {@code uname -r}
 * @param architecture    {@code uname -m}
 * @param cpus            online CPUs
 * @param threads         threads (tasks) running
 * @param lockdown        kernel lockdown mode ({@code none}, {@code integrity}, {@code confidentiality}),
 *                        or {@code null} when the host does not expose it
 * @param livepatches     loaded livepatches ({@code /sys/kernel/livepatch/*})
 * @param kpatchModules   loaded kpatch modules
 * @param fooschedModules foosched modules present ({@code /sys/kernel/foosched/*})
 * @param freeBytes       free space per directory ({@code /var/tmp}, {@code /lib/modules})
 * @param packageManagers {@code dpkg} and/or {@code rpm}
 */
public record HostProbe(String host, String release, String architecture, int cpus, int threads, String lockdown,
                        List<Patch> livepatches, List<String> kpatchModules, List<ModuleFlag> fooschedModules,
                        Map<String, Long> freeBytes, List<String> packageManagers) {

    /** A livepatch and whether it is enabled. */
    public record Patch(String name, boolean enabled) {
    }

    /** A foosched module's sysfs directory and its enable flag ({@code null}: unreadable). */
    public record ModuleFlag(String name, Boolean enabled) {
    }

    /** True when the kernel only loads signed modules because of lockdown. */
    public boolean lockedDown() {
        return lockdown != null && !lockdown.equals("none");
    }
}
