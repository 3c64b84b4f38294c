package org.foosched.analysis.kit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.foosched.analysis.env.FooschedHome;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The kit cache, {@code ~/.cache/foosched/kits/<release>/}: {@code root/} holds the release's
 * Debian packages unpacked as a fake root (headers, kbuild, image, modules, the source tarball,
 * and from the {@code -dbg} package only vmlinux), {@code debs/} the package files a test VM
 * needs, {@code kit.json} the manifest.
 */
public final class KitStore {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private final Path root;

    public KitStore(Path root) {
        this.root = root;
    }

    public static KitStore standard() {
        return new KitStore(FooschedHome.cache().resolve("kits"));
    }

    public Path root() {
        return root;
    }

    public Path dirOf(String release) {
        return root.resolve(release);
    }

    public Optional<KitManifest> manifest(String release) {
        Path f = dirOf(release).resolve("kit.json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(f.toFile(), KitManifest.class));
        } catch (IOException e) {
            throw new KitException("kit manifest " + f + " is unreadable (" + e.getMessage()
                    + "); remove " + dirOf(release) + " and fetch the kit again");
        }
    }

    /** Complete kits, newest first by creation time. */
    public List<KitManifest> list() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<KitManifest> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            for (Path d : s.filter(Files::isDirectory).toList()) {
                String name = d.getFileName().toString();
                if (!name.startsWith(".")) {
                    manifest(name).ifPresent(out::add);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(Comparator.comparing(KitManifest::created).reversed());
        return out;
    }

    public Optional<Kit> find(String release) {
        Optional<Kit> kit = manifest(release).map(m -> kitAt(dirOf(release), m.release(), m.upstreamVersion(),
                "kit " + dirOf(release)));
        kit.ifPresent(k -> HeadersRelocation.apply(k.headersDir()));
        return kit;
    }

    /** The layout of a kit directory, also used to read a kit being built. */
    static Kit kitAt(Path dir, String release, String upstream, String origin) {
        Path r = dir.resolve("root");
        Path image = null;
        Path debs = dir.resolve("debs");
        if (Files.isDirectory(debs)) {
            try (Stream<Path> s = Files.list(debs)) {
                image = s.filter(p -> p.getFileName().toString().startsWith("linux-image-" + release + "_"))
                        .findFirst().orElse(null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return new Kit(release, upstream, origin,
                r.resolve("usr/src/linux-headers-" + release),
                r.resolve("boot/config-" + release),
                r.resolve("usr/lib/debug/boot/vmlinux-" + release),
                r.resolve("boot/System.map-" + release),
                r.resolve("boot/vmlinuz-" + release),
                r.resolve("lib/modules/" + release),
                r.resolve("usr/src/linux-source-" + KernelRelease.parse(release).line() + ".tar.xz"),
                image);
    }

    public long sizeOnDisk(String release) {
        try (Stream<Path> s = Files.walk(dirOf(release))) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        } catch (IOException e) {
            return -1;
        }
    }
}
