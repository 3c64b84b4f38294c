package org.foosched.remote.deploy;

import java.util.List;

/**
 * What a deploy did.
 *
 * @param host           inventory name
 * @param hostRelease    the host's kernel release
 * @param packageName    package name
 * @param packageVersion package version
 * @param module         the module, enabled on the host now
 * @param outcome        {@code installed}, or {@code already-installed} when the same version was
 *                       there (nothing changed)
 * @param metrics        the load metrics the module printed (for already-installed: those of its
 *                       earlier load, if still in the kernel log)
 * @param elapsedMs      wall time of the whole deploy
 * @param installLog     the package manager's output
 */
public record DeployResult(String host, String hostRelease, String packageName, String packageVersion, String module,
                           String outcome, SchedulerMetrics metrics, long elapsedMs, List<String> installLog) {
}
