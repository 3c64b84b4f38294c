package org.foosched.remote.testing;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The test module's packaging scripts ({@code src/test/resources/testpkg}). */
public final class TestPackages {

    private TestPackages() {
    }

    public static Path dir() {
        try {
            return Path.of(TestPackages.class.getResource("/testpkg/build-deb.sh").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
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
