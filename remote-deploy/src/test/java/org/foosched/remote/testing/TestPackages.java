package org.foosched.remote.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The test module's sources and packaging scripts ({@code src/test/resources/testpkg}); when
 * they come from the test jar (the app module's tests), they are copied out to a directory.
 */
public final class TestPackages {

    private static final List<String> FILES = List.of("build-deb.sh", "build-rpm.sh", "common.sh",
            "load-module.sh.in", "unload-module.sh.in", "module/Kbuild", "module/Makefile", "module/testmod.h",
            "module/main.c", "module/sysfs.c", "module/stopcheck.c", "module/report.c");
    private static Path extracted;

    private TestPackages() {
    }

    public static synchronized Path dir() {
        URL url = TestPackages.class.getResource("/testpkg/build-deb.sh");
        if (url == null) {
            throw new IllegalStateException("testpkg resources missing from the test classpath");
        }
        if (url.getProtocol().equals("file")) {
            try {
                return Path.of(url.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        if (extracted == null) {
            try {
                Path dir = Files.createTempDirectory("foosched-testpkg");
                for (String f : FILES) {
                    Path target = dir.resolve(f);
                    Files.createDirectories(target.getParent());
                    try (InputStream in = TestPackages.class.getResourceAsStream("/testpkg/" + f)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                dir.toFile().deleteOnExit();
                extracted = dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return extracted;
    }

    public static Path moduleSources() {
        return dir().resolve("module");
    }

    public static Path buildDeb(Path ko, String release, String version, Path out) {
        return build("build-deb.sh", ko, release, version, out);
    }

    public static Path buildRpm(Path ko, String release, String version, Path out) {
        return build("build-rpm.sh", ko, release, version, out);
    }

    private static Path build(String script, Path ko, String release, String version, Path out) {
        String printed = Processes.check(null, "sh", dir().resolve(script).toString(), "--ko", ko.toString(),
                "--release", release, "--version", version, "--out", out.toString());
        String[] lines = printed.strip().split("\n");
        return Path.of(lines[lines.length - 1].strip());
    }
}
