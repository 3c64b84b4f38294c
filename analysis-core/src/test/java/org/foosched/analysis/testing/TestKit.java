package org.foosched.analysis.testing;

import org.foosched.analysis.env.FooschedHome;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.kit.KitFetcher;
import org.foosched.analysis.kit.KitManifest;
import org.foosched.analysis.kit.KitStore;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.source.KernelSource;
import org.foosched.analysis.source.SourceUnpacker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The real kernel kit for end-to-end tests: the newest cached one, or — on a fresh machine —
 * today's Debian release fetched from the archive (a few minutes, once). Its source is
 * unpacked once into the cache for tests that need a kernel tree.
 */
public final class TestKit {

    private static Kit kit;

    private TestKit() {
    }

    public static synchronized Kit require() {
        if (kit == null) {
            KitStore store = KitStore.standard();
            List<KitManifest> cached = store.list();
            kit = cached.isEmpty() ? KitFetcher.standard(Progress.NONE).fetch(null)
                    : store.find(cached.get(0).release()).orElseThrow();
        }
        return kit;
    }

    /** The kit's kernel source, unpacked once under {@code ~/.cache/foosched/test-source/<release>}. */
    public static synchronized KernelSource source() {
        Kit k = require();
        Path dir = FooschedHome.cache().resolve("test-source").resolve(k.release());
        if (Files.isRegularFile(dir.resolve("Makefile"))) {
            return KernelSource.at(dir);
        }
        return new SourceUnpacker(Progress.NONE).unpack(k.sourceTarball(), dir);
    }
}
