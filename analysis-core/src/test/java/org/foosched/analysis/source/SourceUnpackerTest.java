package org.foosched.analysis.source;

import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Real tar, dpkg-deb and rpmbuild on a tiny kernel-shaped tree. */
class SourceUnpackerTest {

    @TempDir
    Path tmp;
    private Path tarball;
    private final SourceUnpacker unpacker = new SourceUnpacker(Progress.NONE);

    @BeforeEach
    void makeTarball() throws Exception {
        Path tree = tmp.resolve("linux-source-6.1");
        Files.createDirectories(tree.resolve("kernel/sched"));
        Files.writeString(tree.resolve("Makefile"), "# SPDX\nVERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\nEXTRAVERSION =\nNAME = Curry\n");
        Files.writeString(tree.resolve("kernel/sched/core.c"), "int x;\n");
        tarball = tmp.resolve("linux-source-6.1.tar.xz");
        Exec.of("tar", "-cJf", tarball.toString(), "-C", tmp.toString(), "linux-source-6.1").run();
    }

    @Test
    void unpacksATarballAndReadsTheVersion() {
        KernelSource ks = unpacker.unpack(tarball, tmp.resolve("out"));
        assertThat(ks.version()).isEqualTo("6.1.192");
        assertThat(tmp.resolve("out/kernel/sched/core.c")).hasContent("int x;");
        assertThat(tmp).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".out.tmp"));
    }

    @Test
    void unpacksDebiansSourcePackage() throws Exception {
        Path pkg = tmp.resolve("pkg");
        Files.createDirectories(pkg.resolve("DEBIAN"));
        Files.createDirectories(pkg.resolve("usr/src"));
        Files.copy(tarball, pkg.resolve("usr/src/linux-source-6.1.tar.xz"));
        Files.writeString(pkg.resolve("DEBIAN/control"), "Package: linux-source-6.1\nVersion: 6.1.192-2\n"
                + "Architecture: all\nMaintainer: test <t@example.org>\nDescription: test\n");
        Path deb = tmp.resolve("linux-source-6.1_6.1.192-2_all.deb");
        Exec.of("dpkg-deb", "--build", "--root-owner-group", pkg.toString(), deb.toString()).run();
        KernelSource ks = unpacker.unpack(deb, tmp.resolve("k"));
        assertThat(ks.version()).isEqualTo("6.1.192");
        assertThat(ks.root().resolve("Makefile")).exists();
    }

    @Test
    void unpacksASourceRpm() throws Exception {
        Path top = tmp.resolve("rpmbuild");
        Files.createDirectories(top.resolve("SOURCES"));
        Files.createDirectories(top.resolve("SPECS"));
        Files.copy(tarball, top.resolve("SOURCES/linux-6.1.192.tar.xz"));
        Files.writeString(top.resolve("SOURCES/fix.patch"), "--- a\n+++ b\n");
        Files.writeString(top.resolve("SPECS/kernel.spec"), """
                Name: kernel
                Version: 6.1.192
                Release: 1
                Summary: test
                License: GPL
                Source0: linux-6.1.192.tar.xz
                Patch0: fix.patch
                %description
                test
                """);
        Exec.of("rpmbuild", "--define", "_topdir " + top, "-bs", top.resolve("SPECS/kernel.spec").toString()).run();
        Path srpm;
        try (var s = Files.list(top.resolve("SRPMS"))) {
            srpm = s.findFirst().orElseThrow();
        }
        KernelSource ks = unpacker.unpack(srpm, tmp.resolve("r"));
        assertThat(ks.version()).isEqualTo("6.1.192");
    }

    @Test
    void refusesToOverwriteAndLeavesNothingOnFailure() throws Exception {
        Path busy = tmp.resolve("busy");
        Files.createDirectories(busy);
        Files.writeString(busy.resolve("work.c"), "precious");
        assertThatThrownBy(() -> unpacker.unpack(tarball, busy)).hasMessageContaining("already exists and is not empty");
        assertThat(busy.resolve("work.c")).hasContent("precious");

        Path notKernel = tmp.resolve("other.tar.xz");
        Files.createDirectories(tmp.resolve("junk/x"));
        Exec.of("tar", "-cJf", notKernel.toString(), "-C", tmp.toString(), "junk").run();
        assertThatThrownBy(() -> unpacker.unpack(notKernel, tmp.resolve("o")))
                .hasMessageContaining("is not a kernel source tree");
        assertThat(tmp.resolve("o")).doesNotExist();
        assertThat(tmp).isDirectoryNotContaining(p -> p.getFileName().toString().startsWith(".o.tmp"));
        assertThatThrownBy(() -> unpacker.unpack(tmp.resolve("missing.deb"), tmp.resolve("m")))
                .hasMessageContaining("no such file");
    }
}
