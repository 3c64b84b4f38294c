package org.foosched.remote.deploy;

import java.util.List;

/**
 * {@code foosched status}: what is installed and loaded on a host, how the last operation
 * ended, the last metrics in its kernel log, and plain-language problems.
 *
 * @param host          inventory name
 * @param release       kernel release
 * @param packages      installed foosched packages, with their state
 * @param modules       foosched modules and whether they are loaded and enabled
 * @param lastOperation the last install/removal foosched started there, if any
 * @param lastLoad      the latest load metrics in the kernel log
 * @param lastUnload    the latest unload metrics in the kernel log
 * @param problems      what is not as it should be, one sentence each (empty: consistent)
 */
public record HostStatus(String host, String release, List<InstalledPackage> packages, List<ModuleState> modules,
                         RemoteOperation.Record lastOperation, SchedulerMetrics lastLoad, SchedulerMetrics lastUnload,
                         List<String> problems) {
}
