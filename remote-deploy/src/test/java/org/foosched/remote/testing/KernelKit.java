package org.foosched.remote.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The unpacked Debian kernel kit the e2e tests use ({@code ~/.cache/foosched/kits/<release>/root}):
 * its stock vmlinuz, modules and kbuild headers. {@code FOOSCHED_KIT_RELEASE} picks one when
 * several are cached. A missing kit fails the test with what to do (never a skip).
 */
public record KernelKit(String release, Path root) {

    public static KernelKit locate() {
        Path kits = Path.of(System.getProperty("user.home"), ".cache", "foosched", "kits");
        String wanted = System.getenv("FOOSCHED_KIT_RELEASE");
        List<Path> candidates;
        try (Stream<Path> s = Files.exists(kits) ? Files.list(kits) : Stream.empty()) {
            candidates = s.filter(p -> Files.isDirectory(p.resolve("root/boot")))
                    .filter(p -> wanted == null || p.getFileName().toString().equals(wanted))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (candidates.isEmpty()) {
            throw new IllegalStateException("no kernel kit under " + kits + (wanted == null ? "" : " for " + wanted)
                    + "; prepare one (the kit step of the pipeline) before running the e2e tier");
        }
        Path dir = candidates.get(candidates.size() - 1);
        return new KernelKit(dir.getFileName().toString(), dir.resolve("root"));
    }

    public Path vmlinuz() {
        return root.resolve("boot/vmlinuz-" + release);
    }

    public Path headers() {
        return root.resolve("usr/src/linux-headers-" + release);
    }

    /** Builds the test module against this kit's headers in {@code work}; returns the .ko. */
    public Path buildTestModule(Path work) {
        try {
            Files.createDirectories(work);
            try (Stream<Path> s = Files.list(TestPackages.moduleSources())) {
                for (Path f : s.toList()) {
                    Files.copy(f, work.resolve(f.getFileName().toString()),
                            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Processes.check(work, "make", "-j2", "KDIR=" + headers());
        Path ko = work.resolve("fs_testmod.ko");
        if (!Files.exists(ko)) {
            throw new IllegalStateException("the test module did not build: " + ko + " missing");
        }
        return ko;
    }
}
