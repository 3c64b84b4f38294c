package org.foosched.remote.vm;

import java.util.regex.Pattern;

/**
 * What to boot: a named VM of one kernel release with some vCPUs and memory.
 *
 * @param name    VM name; also its state directory, its inventory host name and its guest
 *                host name (letters, digits, {@code . _ -}; at most 32 characters)
 * @param release kernel release of the image, e.g. {@code 6.1.0-56-amd64}
 * @param cpus    vCPUs (TCG: more than the host's cores makes timings meaningless)
 * @param memMB   guest memory in MiB
 */
public record VmSpec(String name, String release, int cpus, int memMB) {

    public static final String DEFAULT_NAME = "testbed";
    public static final int DEFAULT_CPUS = 2;
    public static final int DEFAULT_MEM_MB = 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    private static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.+_~-]*");

    public VmSpec {
        requireValidName(name);
        if (release == null || !RELEASE.matcher(release).matches()) {
            throw new IllegalArgumentException("'" + release + "' is not a kernel release name (expected e.g. 6.1.0-56-amd64)");
        }
        if (cpus < 1 || cpus > 64) {
            throw new IllegalArgumentException("--cpus " + cpus + ": give 1 to 64 vCPUs");
        }
        if (memMB < 256 || memMB > 65536) {
            throw new IllegalArgumentException("--mem " + memMB + ": give 256 to 65536 MiB");
        }
    }

    public static VmSpec defaults(String release) {
        return new VmSpec(DEFAULT_NAME, release, DEFAULT_CPUS, DEFAULT_MEM_MB);
    }

    /** Checks a VM name and returns it; the message says what a name may contain. */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("VM name '" + name + "': use 1 to 32 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        return name;
    }
}
