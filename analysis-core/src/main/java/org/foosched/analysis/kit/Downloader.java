package org.foosched.analysis.kit;

import org.foosched.analysis.progress.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Downloads a package file into a cache directory: to {@code NAME.part} first, then checks
 * size and SHA-256 against the archive's signed lists and only then renames it to its name.
 * An interrupted or corrupt download is therefore never taken as complete; a file already
 * present is re-verified before use.
 */
public final class Downloader {

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final Progress progress;

    public Downloader(Progress progress) {
        this.progress = progress;
    }

    public Path fetch(DebianPackage pkg, Path dir) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve(pkg.fileName());
            if (Files.exists(target)) {
                if (Files.size(target) == pkg.size() && sha256(target).equals(pkg.sha256())) {
                    progress.log("cached: " + target);
                    return target;
                }
                progress.log("cached file " + target + " does not match the archive; downloading again");
                Files.delete(target);
            }
            Path part = dir.resolve(pkg.fileName() + ".part");
            download(pkg, part);
            long size = Files.size(part);
            if (size != pkg.size()) {
                throw new KitException("download of " + pkg.fileName() + " is incomplete: " + size + " of "
                        + pkg.size() + " bytes; run the command again");
            }
            String sum = sha256(part);
            if (!sum.equals(pkg.sha256())) {
                Files.delete(part);
                throw new KitException("download of " + pkg.fileName() + " is corrupt (SHA-256 " + sum
                        + ", the archive says " + pkg.sha256() + "); run the command again");
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot download " + pkg.uri() + ": " + e.getMessage(), e);
        }
    }

    private void download(DebianPackage pkg, Path part) throws IOException {
        HttpRequest req = HttpRequest.newBuilder(URI.create(pkg.uri())).timeout(Duration.ofMinutes(30)).GET().build();
        HttpResponse<InputStream> resp;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Progress.CancelledException();
        }
        if (resp.statusCode() != 200) {
            resp.body().close();
            throw new KitException("cannot download " + pkg.uri() + ": HTTP " + resp.statusCode());
        }
        String label = "download " + pkg.fileName() + " (" + (pkg.size() >> 20) + " MiB)";
        try (InputStream in = resp.body(); OutputStream out = Files.newOutputStream(part)) {
            byte[] buf = new byte[1 << 20];
            long done = 0;
            long lastReport = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                done += n;
                if (done - lastReport >= (8 << 20) || done == pkg.size()) {
                    lastReport = done;
                    progress.step(label, pkg.size() == 0 ? -1 : (double) done / pkg.size());
                    progress.checkCancelled();
                }
            }
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
