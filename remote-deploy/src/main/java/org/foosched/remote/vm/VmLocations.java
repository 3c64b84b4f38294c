package org.foosched.remote.vm;

import java.nio.file.Path;

/**
 * Where the test host machinery keeps its files. By default all below one cache root
 * ({@code ~/.cache/foosched}, or {@code $FOOSCHED_CACHE}):
 * <ul>
 *   <li>{@code kits/<release>/} the kernel kits ({@code foosched kit fetch}; {@code $FOOSCHED_KITS}
 *       overrides)</li>
 *   <li>{@code testbed/<release>/} the built images</li>
 *   <li>{@code vms/<name>/} one running (or last run) VM's state</li>
 * </ul>
 */
public record VmLocations(Path cacheRoot, Path kitsDir) {

    public VmLocations {
        cacheRoot = cacheRoot.toAbsolutePath().normalize();
        kitsDir = kitsDir.toAbsolutePath().normalize();
    }

    /** Everything below {@code root}, kits in {@code root/kits}. */
    public static VmLocations under(Path root) {
        return new VmLocations(root, root.resolve("kits"));
    }

    public static VmLocations fromEnvironment() {
        String cache = System.getenv("FOOSCHED_CACHE");
        Path root = cache != null && !cache.isBlank() ? Path.of(cache)
                : Path.of(System.getProperty("user.home"), ".cache", "foosched");
        String kits = System.getenv("FOOSCHED_KITS");
        return new VmLocations(root, kits != null && !kits.isBlank() ? Path.of(kits) : root.resolve("kits"));
    }

    public Path imageDir(String release) {
        return cacheRoot.resolve("testbed").resolve(release);
    }

    public Path vmsDir() {
        return cacheRoot.resolve("vms");
    }

    public VmStateDir stateDir(String name) {
        return new VmStateDir(vmsDir().resolve(VmSpec.requireValidName(name)));
    }
}
