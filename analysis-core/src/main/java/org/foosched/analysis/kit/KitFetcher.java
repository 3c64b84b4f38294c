package org.foosched.analysis.kit;

import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.env.FooschedHome;
import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;

/**
 * Makes the kit of a Debian kernel release: downloads source, headers (with their
 * {@code -common} and {@code linux-kbuild} packages), image and {@code -dbg} from Debian's
 * archive, checks they are one upstream version, and unpacks them into
 * {@code kits/<release>/} — building in a temporary directory and renaming it into place, so
 * an interrupted fetch never looks like a kit. From the 858 MB {@code -dbg} package only
 * vmlinux is kept.
 */
public final class KitFetcher {

    private final KitStore store;
    private final DebianArchive archive;
    private final Path downloads;
    private final Progress progress;

    public KitFetcher(KitStore store, DebianArchive archive, Path downloads, Progress progress) {
        this.store = store;
        this.archive = archive;
        this.downloads = downloads;
        this.progress = progress;
    }

    public static KitFetcher standard(Progress progress) {
        return new KitFetcher(KitStore.standard(), new DebianArchive(progress),
                FooschedHome.cache().resolve("downloads"), progress);
    }

    /** The kit of {@code release} (today's {@code linux-image-amd64} when null), fetched if missing. */
    public Kit fetch(String release) {
        String r = release == null || release.isBlank() ? archive.currentRelease("amd64") : release.trim();
        KernelRelease kr = KernelRelease.parse(r);
        if (!kr.isDebian()) {
            throw new KitException("'" + r + "' is not a Debian kernel release (like 6.1.0-56-amd64); "
                    + "for a kernel you built yourself use 'foosched dev_init'");
        }
        var existing = store.find(r);
        if (existing.isPresent()) {
            progress.log("kit " + r + " is cached in " + store.dirOf(r));
            return existing.get();
        }
        progress.step("resolve the packages of " + r, -1);
        List<DebianPackage> packages = resolve(kr);
        checkOneUpstreamVersion(packages);
        for (DebianPackage p : packages) {
            progress.log(p.name() + " " + p.version() + " (" + (p.size() >> 20) + " MiB)");
        }
        Map<String, Path> files = new LinkedHashMap<>();
        for (DebianPackage p : packages) {
            files.put(p.name(), new Downloader(progress).fetch(p, downloads));
        }
        Path tmp = null;
        try {
            Files.createDirectories(store.root());
            tmp = Files.createTempDirectory(store.root(), "." + r + ".tmp-");
            unpack(kr, packages, files, tmp);
            KitManifest manifest = new KitManifest(KitManifest.FORMAT, r, packages.get(0).upstreamVersion(),
                    Instant.now(), packages);
            KitStore.JSON.writeValue(tmp.resolve("kit.json").toFile(), manifest);
            Files.move(tmp, store.dirOf(r), StandardCopyOption.ATOMIC_MOVE);
            tmp = null;
            Files.deleteIfExists(files.get(dbgName(kr)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the kit of " + r + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                Trees.deleteTree(tmp);
            }
        }
        progress.step("kit " + r + " ready", 1);
        return store.find(r).orElseThrow();
    }

    List<DebianPackage> resolve(KernelRelease r) {
        DebianPackage image = archive.locate("linux-image-" + r.value(), null);
        String v = image.version();
        List<DebianPackage> out = new ArrayList<>();
        out.add(image);
        String headers = "linux-headers-" + r.value();
        out.add(archive.locate(headers, v));
        for (String dep : archive.depends(headers)) {
            if (dep.startsWith("linux-headers-") || dep.startsWith("linux-kbuild-")) {
                out.add(archive.locate(dep, v));
            }
        }
        out.add(archive.locate("linux-source-" + r.line(), v));
        out.add(archive.locate(dbgName(r), v));
        return out;
    }

    private static String dbgName(KernelRelease r) {
        return "linux-image-" + r.value() + "-dbg";
    }

    static void checkOneUpstreamVersion(List<DebianPackage> packages) {
        String expected = packages.get(0).upstreamVersion();
        for (DebianPackage p : packages) {
            if (!p.upstreamVersion().equals(expected)) {
                throw new KitException(p.name() + " is upstream version " + p.upstreamVersion() + " but "
                        + packages.get(0).name() + " is " + expected
                        + ": source, headers, image and vmlinux must be the same kernel");
            }
        }
    }

    private void unpack(KernelRelease r, List<DebianPackage> packages, Map<String, Path> files, Path dir) {
        Path root = dir.resolve("root");
        Path debs = dir.resolve("debs");
        try {
            Files.createDirectories(root);
            Files.createDirectories(debs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // The -dbg package dominates (xz over 5.6 GB); unpack it beside the others.
        Path dbg = files.get(dbgName(r));
        CompletableFuture<Void> vmlinux = CompletableFuture.runAsync(() -> {
            progress.step("extract vmlinux from " + dbg.getFileName() + " (about a minute)", -1);
            Exec.of("sh", "-c", "dpkg-deb --fsys-tarfile \"$0\" | tar -x -C \"$1\" --wildcards './usr/lib/debug/boot/vmlinux-*'",
                    dbg.toString(), root.toString()).cancelledBy(progress).onLine(progress::log).run();
        });
        for (DebianPackage p : packages) {
            if (p.name().equals(dbgName(r))) {
                continue;
            }
            progress.step("unpack " + p.fileName(), -1);
            Exec.of("dpkg-deb", "-x", files.get(p.name()).toString(), root.toString())
                    .cancelledBy(progress).onLine(progress::log).run();
            if (p.name().equals("linux-image-" + r.value())) {
                copy(files.get(p.name()), debs.resolve(p.fileName()));
            }
        }
        try {
            vmlinux.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
        Kit kit = KitStore.kitAt(dir, r.value(), packages.get(0).upstreamVersion(), "new kit");
        HeadersRelocation.apply(kit.headersDir());
        List<String> missing = kit.missingParts();
        if (!Files.isRegularFile(kit.sourceTarball())) {
            missing.add("source tarball " + kit.sourceTarball());
        }
        if (!missing.isEmpty()) {
            throw new KitException("the packages of " + r + " lack " + String.join(", ", missing));
        }
    }

    private static void copy(Path from, Path to) {
        try {
            try {
                Files.createLink(to, from);
            } catch (IOException | UnsupportedOperationException e) {
                Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
