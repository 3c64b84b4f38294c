package org.foosched.remote.deploy;

import org.foosched.remote.testing.Processes;
import org.foosched.remote.testing.TestPackages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reads packages made by the test module's real packaging scripts (dpkg-deb, rpmbuild). The
 * module file inside is a placeholder: only the metadata matters here.
 */
class PackageInspectorTest {

    @TempDir
    static Path tmp;
    static Path ko;

    @BeforeAll
    static void placeholderModule() throws IOException {
        ko = tmp.resolve("fs_testmod.ko");
        Files.writeString(ko, "not really a module\n");
    }

    @Test
    void readsTheDebBuiltByTheScript() {
        Path deb = TestPackages.buildDeb(ko, "6.1.0-56-amd64", "1.0-1", tmp.resolve("deb"));
        PackageInfo p = PackageInspector.inspect(deb);
        assertThat(p).isEqualTo(new PackageInfo(deb, PackageFormat.DEB, "foosched-fs-testmod", "1.0-1", "amd64",
                "6.1.0-56-amd64", "fs_testmod"));
    }

    @Test
    void readsTheRpmBuiltByTheScript() {
        Path rpm = TestPackages.buildRpm(ko, "6.1.0-56-amd64", "2.3-4", tmp.resolve("rpm"));
        PackageInfo p = PackageInspector.inspect(rpm);
        assertThat(p).isEqualTo(new PackageInfo(rpm, PackageFormat.RPM, "foosched-fs-testmod", "2.3-4", "x86_64",
                "6.1.0-56-amd64", "fs_testmod"));
        // rpm itself agrees on what we read from the header
        assertThat(Processes.check(null, "rpm", "-qp", "--qf", "%{NAME} %{VERSION}-%{RELEASE}", rpm.toString()))
                .isEqualTo("foosched-fs-testmod 2.3-4");
    }

    @Test
    void readsAnXzControlArchiveAndTheReleaseFromALinuxImageDependency() throws IOException {
        Path root = tmp.resolve("xzroot");
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"), String.join("\n",
                "Package: scheduler-xxx",
                "Version: 0.1",
                "Architecture: amd64",
                "Maintainer: t <t@example.org>",
                "Depends: kmod, linux-image-6.1.0-56-amd64 | linux-image-6.1.0-56-amd64-unsigned",
                "X-Foosched-Module: scheduler",
                "Description: test",
                " more text",
                ""));
        Path deb = tmp.resolve("scheduler-xxx.deb");
        Processes.check(null, "dpkg-deb", "--root-owner-group", "-Zxz", "--build", root.toString(), deb.toString());
        PackageInfo p = PackageInspector.inspect(deb);
        assertThat(p.targetRelease()).isEqualTo("6.1.0-56-amd64");
        assertThat(p.module()).isEqualTo("scheduler");
        assertThat(p.version()).isEqualTo("0.1");
    }

    @Test
    void aDebWithoutForeignMetadataIsRefusedClearly() throws IOException {
        Path root = tmp.resolve("plain");
        Files.createDirectories(root.resolve("DEBIAN"));
        Files.writeString(root.resolve("DEBIAN/control"),
                "Package: plain\nVersion: 1\nArchitecture: all\nMaintainer: t <t@e.org>\nDescription: x\n");
        Path deb = tmp.resolve("plain.deb");
        Processes.check(null, "dpkg-deb", "-Zgzip", "--build", root.toString(), deb.toString());
        assertThatThrownBy(() -> PackageInspector.inspect(deb))
                .isInstanceOf(DeployException.class)
                .hasMessage("package " + deb + " does not say which kernel release it is built for (no "
                        + "X-Foosched-Release field and no linux-image-<release> dependency); build it with foosched");
    }

    @Test
    void otherFilesAreRefused() throws IOException {
        Path junk = tmp.resolve("notes.txt");
        Files.writeString(junk, "hello");
        assertThatThrownBy(() -> PackageInspector.inspect(junk))
                .hasMessage("package " + junk + " is neither a DEB nor an RPM package")
                .extracting(e -> ((DeployException) e).reason()).isEqualTo(DeployException.Reason.BAD_PACKAGE);
        assertThatThrownBy(() -> PackageInspector.inspect(tmp.resolve("missing.deb")))
                .hasMessageContaining("does not exist");
    }

    @Test
    void linuxImageDependencyParsing() {
        assertThat(PackageInspector.releaseFromDepends("linux-image-6.1.0-56-amd64")).isEqualTo("6.1.0-56-amd64");
        assertThat(PackageInspector.releaseFromDepends("kmod, linux-image-6.1.0-56-amd64 (= 6.1.192-2)"))
                .isEqualTo("6.1.0-56-amd64");
        assertThat(PackageInspector.releaseFromDepends("linux-image-amd64")).isNull();
        assertThat(PackageInspector.releaseFromDepends(null)).isNull();
    }
}
