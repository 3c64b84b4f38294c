package org.foosched.analysis.kit;

import java.time.Instant;
import java.util.List;

/**
 * {@code kit.json}, written last when a kit is complete: the release, its upstream version and
 * the packages it was made from. A kit directory without it is not a kit.
 */
public record KitManifest(int format, String release, String upstreamVersion, Instant created,
                          List<DebianPackage> packages) {

    public static final int FORMAT = 1;
}
