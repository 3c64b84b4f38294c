package org.foosched.analysis.build;

import org.foosched.analysis.env.FooschedHome;
import org.foosched.analysis.fs.Trees;
import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Builds the static target-side resolver once per source version, into the cache. */
final class ResolverBuilder {

    private ResolverBuilder() {
    }

    static Path build(Path sourceDir, Progress progress) {
        try {
            byte[] src = Files.readAllBytes(sourceDir.resolve("resolve.c"));
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(src)).substring(0, 16);
            Path dir = FooschedHome.cache().resolve("resolver").resolve(hash);
            Path bin = dir.resolve("foosched-resolve");
            if (Files.isExecutable(bin)) {
                return bin;
            }
            Files.createDirectories(dir.getParent());
            Path tmp = Files.createTempDirectory(dir.getParent(), "." + hash + ".tmp-");
            try {
                progress.step("build the target-side resolver", -1);
                Exec.of("make", "-C", sourceDir.toString(), "O=" + tmp).onLine(progress::log).run();
                Trees.deleteTree(dir);
                Files.move(tmp, dir);
            } finally {
                Trees.deleteTree(tmp);
            }
            return bin;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
