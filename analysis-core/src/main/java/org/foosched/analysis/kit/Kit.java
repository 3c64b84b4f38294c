package org.foosched.analysis.kit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything Foosched needs of one kernel release, wherever it came from (a kit in the cache,
 * Debian packages installed on this machine, or the seed's RPM-world paths).
 *
 * @param release         e.g. {@code 6.1.0-56-amd64}
 * @param upstreamVersion e.g. {@code 6.1.192} (empty when unknown)
 * @param origin          where it was found, for messages
 * @param headersDir      kbuild-ready headers ({@code make -C headersDir M=…})
 * @param config          the release's kernel {@code .config}
 * @param vmlinux         vmlinux with full symbols and relocations ({@code -dbg})
 * @param systemMap       {@code System.map} or {@code null}
 * @param vmlinuz         the boot image or {@code null}
 * @param modulesDir      {@code lib/modules/<release>} with the release's modules, or {@code null}
 * @param sourceTarball   the kernel source tarball or {@code null}
 * @param imagePackage    the {@code linux-image} package file (for test VMs) or {@code null}
 */
public record Kit(String release, String upstreamVersion, String origin, Path headersDir, Path config,
                  Path vmlinux, Path systemMap, Path vmlinuz, Path modulesDir, Path sourceTarball,
                  Path imagePackage) {

    /** Names the parts that are missing; empty when the kit can be used for analysis and build. */
    public List<String> missingParts() {
        List<String> missing = new ArrayList<>();
        if (headersDir == null || !Files.isRegularFile(headersDir.resolve("Makefile"))) {
            missing.add("kernel headers (" + headersDir + ")");
        }
        if (config == null || !Files.isRegularFile(config)) {
            missing.add("kernel config (" + config + ")");
        }
        if (vmlinux == null || !Files.isRegularFile(vmlinux)) {
            missing.add("vmlinux with symbols and relocations (" + vmlinux + ")");
        }
        return missing;
    }
}
