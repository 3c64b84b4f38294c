package org.foosched.remote.deploy;

/**
 * One line of the deploy history: a deploy or a rollback and the metrics it produced.
 *
 * @param time           when it finished (ISO-8601, UTC)
 * @param action         {@code deploy} or {@code rollback}
 * @param host           inventory name
 * @param hostRelease    the host's kernel release
 * @param packageName    package name
 * @param packageVersion package version
 * @param packageFile    the package file deployed (deploys only)
 * @param outcome        {@code installed}, {@code already-installed}, {@code removed}
 * @param elapsedMs      wall time of the whole command
 * @param metrics        the load (deploy) or unload (rollback) metrics, when the module printed them
 */
public record DeploymentRecord(String time, String action, String host, String hostRelease, String packageName,
                               String packageVersion, String packageFile, String outcome, long elapsedMs,
                               SchedulerMetrics metrics) {
}
