package org.foosched.analysis.workspace;

import java.time.Instant;
import java.util.List;

/**
 * {@code working/workspace.json}: what a workspace was extracted from, so that later commands
 * (analyze, build, deploy, the workbench) find the same kernel without being told again.
 *
 * @param format          file format version
 * @param release         kernel release, e.g. {@code 6.1.0-56-amd64}
 * @param upstreamVersion e.g. {@code 6.1.192}
 * @param kernelSource    the kernel source tree the code was extracted from
 * @param headersDir      kbuild headers of the release
 * @param kernelConfig    the release's .config
 * @param vmlinux         vmlinux with symbols and relocations
 * @param buildDir        the collector's kbuild output directory (O=)
 * @param units           the translation units collected
 * @param created         when it was extracted
 */
public record WorkspaceInfo(int format, String release, String upstreamVersion, String kernelSource,
                            String headersDir, String kernelConfig, String vmlinux, String buildDir,
                            List<String> units, Instant created) {

    public static final int FORMAT = 1;
}
