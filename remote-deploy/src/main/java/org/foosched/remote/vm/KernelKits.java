package org.foosched.remote.vm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The kernel kits present in the kits directory ({@code <kits>/<release>/root/boot/vmlinuz-<release>}
 * and {@code <kits>/<release>/debs/}), and the choice of the newest one as the default release.
 */
public final class KernelKits {

    private final Path kitsDir;

    public KernelKits(Path kitsDir) {
        this.kitsDir = kitsDir;
    }

    public Path kitsDir() {
        return kitsDir;
    }

    public Path kitDir(String release) {
        return kitsDir.resolve(release);
    }

    /** Releases with a usable kit, oldest first. */
    public List<String> releases() {
        if (!Files.isDirectory(kitsDir)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(kitsDir)) {
            List<String> out = new ArrayList<>();
            dirs.filter(this::isKit).forEach(d -> out.add(d.getFileName().toString()));
            out.sort(RELEASE_ORDER);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the kits in " + kitsDir, e);
        }
    }

    public Optional<String> newest() {
        List<String> all = releases();
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The release to use: the one asked for, or the newest kit; an error names the fetch command. */
    public String resolve(String requested) {
        if (requested != null && !requested.isBlank()) {
            require(requested);
            return requested;
        }
        return newest().orElseThrow(() -> new VmException("no kernel kit in " + kitsDir
                + "; fetch one with: foosched kit fetch --release <release> (e.g. the release linux-image-amd64 depends on)"));
    }

    /** Checks that the kit of {@code release} is there. */
    public void require(String release) {
        if (!isKit(kitDir(release))) {
            throw new VmException("no kernel kit for " + release + " in " + kitsDir
                    + "; fetch it with: foosched kit fetch --release " + release);
        }
    }

    private boolean isKit(Path dir) {
        String release = dir.getFileName().toString();
        return Files.isRegularFile(dir.resolve("root/boot/vmlinuz-" + release))
                && Files.isDirectory(dir.resolve("debs"));
    }

    private static final Pattern TOKEN = Pattern.compile("\\d+|[^\\d]+");

    /** Orders release names like versions: numbers numerically, the rest as text. */
    public static final Comparator<String> RELEASE_ORDER = (a, b) -> {
        Matcher ma = TOKEN.matcher(a);
        Matcher mb = TOKEN.matcher(b);
        while (true) {
            boolean ha = ma.find();
            boolean hb = mb.find();
            if (!ha || !hb) {
                return Boolean.compare(ha, hb);
            }
            String ta = ma.group();
            String tb = mb.group();
            boolean na = Character.isDigit(ta.charAt(0));
            boolean nb = Character.isDigit(tb.charAt(0));
            int c;
            if (na && nb) {
                c = new java.math.BigInteger(ta).compareTo(new java.math.BigInteger(tb));
            } else if (na != nb) {
                c = na ? 1 : -1;
            } else {
                c = ta.compareTo(tb);
            }
            if (c != 0) {
                return c;
            }
        }
    };
}
