package org.foosched.analysis.env;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the installation's shipped files live (boundary configurations, the collector plugin's
 * sources, the module runtime): system property {@code foosched.home}, else environment
 * {@code FOOSCHED_HOME}, else the nearest parent of the working directory that has
 * {@code boundary-configs/}.
 */
public final class FooschedHome {

    private FooschedHome() {
    }

    public static Path path() {
        String p = System.getProperty("foosched.home");
        if (p == null || p.isBlank()) {
            p = System.getenv("FOOSCHED_HOME");
        }
        if (p != null && !p.isBlank()) {
            return Path.of(p).toAbsolutePath();
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isDirectory(d.resolve("boundary-configs"))) {
                return d;
            }
        }
        return Path.of("").toAbsolutePath();
    }

    /** The per-user cache, {@code ~/.cache/foosched} (or {@code $FOOSCHED_CACHE}). */
    public static Path cache() {
        String p = System.getenv("FOOSCHED_CACHE");
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "foosched");
    }
}
