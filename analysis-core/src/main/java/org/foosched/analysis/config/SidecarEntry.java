package org.foosched.analysis.config;

/**
 * A function outside {@code mod_files} that the module still replaces (the seed's sidecar):
 * its body is compiled into the module and vmlinux's entry jumps to it.
 *
 * @param function the function name
 * @param file     the source file that defines it, relative to the kernel tree
 */
public record SidecarEntry(String function, String file) {
}
