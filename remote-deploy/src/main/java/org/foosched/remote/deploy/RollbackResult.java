package org.foosched.remote.deploy;

import java.util.List;

/**
 * What a rollback did.
 *
 * @param host        inventory name
 * @param hostRelease the host's kernel release
 * @param removed     the packages removed (empty: nothing was installed)
 * @param metrics     the unload metrics the module printed
 * @param elapsedMs   wall time
 * @param removeLog   the package manager's output
 */
public record RollbackResult(String host, String hostRelease, List<InstalledPackage> removed, SchedulerMetrics metrics,
                             long elapsedMs, List<String> removeLog) {
}
