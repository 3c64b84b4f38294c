package org.foosched.remote.deploy;

/**
 * A foosched module on a host.
 *
 * @param name    module name
 * @param loaded  listed in {@code /proc/modules}
 * @param enabled {@code /sys/kernel/foosched/<name>/enable} reads 1; {@code null} when the file is absent
 */
public record ModuleState(String name, boolean loaded, Boolean enabled) {
}
