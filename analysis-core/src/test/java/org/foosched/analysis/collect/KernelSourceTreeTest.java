package org.foosched.analysis.collect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KernelSourceTreeTest {

    @TempDir
    Path dir;

    /** The files that make a directory look like a kernel source tree. */
    static Path fakeKernelTree(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("kernel/sched"));
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("Makefile"), "# fake\n");
        Files.writeString(dir.resolve("scripts/Kbuild.include"), "# fake\n");
        Files.writeString(dir.resolve("kernel/sched/core.c"), "int x;\n");
        return dir;
    }

    @Test
    void acceptsACleanTree() throws IOException {
        Path tree = fakeKernelTree(dir.resolve("linux"));
        assertThat(KernelSourceTree.requireClean(tree)).isEqualTo(tree.toRealPath());
    }

    @Test
    void refusesATreeConfiguredInPlaceTellingToRunMrproper() throws IOException {
        Path tree = fakeKernelTree(dir.resolve("linux"));
        Files.writeString(tree.resolve(".config"), "CONFIG_SMP=y\n");
        assertThatThrownBy(() -> KernelSourceTree.requireClean(tree)).isInstanceOf(CollectException.class)
                .hasMessageContaining("not clean").hasMessageContaining(".config")
                .hasMessageContaining("make mrproper");
        Files.delete(tree.resolve(".config"));
        Files.createDirectories(tree.resolve("arch/x86/include/generated"));
        assertThatThrownBy(() -> KernelSourceTree.requireClean(tree)).hasMessageContaining("arch/x86/include/generated");
    }

    @Test
    void refusesWhatIsNotAKernelTree() {
        assertThatThrownBy(() -> KernelSourceTree.requireClean(dir)).isInstanceOf(CollectException.class)
                .hasMessageContaining("is not a kernel source tree");
        assertThatThrownBy(() -> KernelSourceTree.requireClean(dir.resolve("missing")))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> KernelSourceTree.requireNoBlanks("build directory", Path.of("/tmp/my build")))
                .hasMessageContaining("blanks");
    }
}
