package org.foosched.analysis.kit;

import org.foosched.analysis.progress.Progress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the kit of a release: the seed's RPM-world paths ({@code /usr/src/kernels/<release>},
 * {@code /usr/lib/debug/lib/modules/<release>/vmlinux}) or Debian's installed paths
 * ({@code /usr/src/linux-headers-<release>}, {@code /usr/lib/debug/boot/vmlinux-<release>})
 * when complete, else the kit cache, fetching the kit from Debian's archive when allowed.
 */
public final class KitLocator {

    private final KitStore store;
    private final Path systemRoot;

    public KitLocator(KitStore store, Path systemRoot) {
        this.store = store;
        this.systemRoot = systemRoot;
    }

    public static KitLocator standard() {
        return new KitLocator(KitStore.standard(), Path.of("/"));
    }

    public Optional<Kit> find(String release) {
        for (Kit k : installedCandidates(release)) {
            if (k.missingParts().isEmpty()) {
                return Optional.of(k);
            }
        }
        return store.find(release);
    }

    /** The kit of {@code release}; on Debian it is fetched when nothing is found. */
    public Kit require(String release, boolean fetchIfMissing, Progress progress) {
        Optional<Kit> found = find(release);
        if (found.isPresent()) {
            return found.get();
        }
        KernelRelease kr = KernelRelease.parse(release);
        if (fetchIfMissing && kr.isDebian() && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            return KitFetcher.standard(progress).fetch(release);
        }
        List<String> tried = new ArrayList<>();
        for (Kit k : installedCandidates(release)) {
            tried.add(k.origin() + " (missing " + String.join(", ", k.missingParts()) + ")");
        }
        tried.add("kit cache " + store.dirOf(release));
        throw new KitException("no kit for kernel " + release + "; looked in: " + String.join("; ", tried)
                + (kr.isDebian() ? ". Run: foosched kit fetch --release " + release
                : ". Install kernel-devel and kernel-debuginfo for " + release));
    }

    List<Kit> installedCandidates(String release) {
        Path rpmHeaders = systemRoot.resolve("usr/src/kernels/" + release);
        Kit rpm = new Kit(release, "", "RPM paths /usr/src/kernels/" + release, rpmHeaders,
                rpmHeaders.resolve(".config"),
                systemRoot.resolve("usr/lib/debug/lib/modules/" + release + "/vmlinux"),
                firstExisting(rpmHeaders.resolve("System.map"), systemRoot.resolve("boot/System.map-" + release)),
                systemRoot.resolve("boot/vmlinuz-" + release), systemRoot.resolve("lib/modules/" + release),
                null, null);
        Path debHeaders = systemRoot.resolve("usr/src/linux-headers-" + release);
        Kit deb = new Kit(release, "", "installed Debian packages", debHeaders,
                firstExisting(systemRoot.resolve("boot/config-" + release), debHeaders.resolve(".config")),
                systemRoot.resolve("usr/lib/debug/boot/vmlinux-" + release),
                systemRoot.resolve("boot/System.map-" + release), systemRoot.resolve("boot/vmlinuz-" + release),
                systemRoot.resolve("lib/modules/" + release), null, null);
        return List.of(rpm, deb);
    }

    private static Path firstExisting(Path a, Path b) {
        return Files.exists(a) ? a : b;
    }
}
