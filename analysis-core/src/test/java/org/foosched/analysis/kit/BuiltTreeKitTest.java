package org.foosched.analysis.kit;

import org.foosched.analysis.proc.Exec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BuiltTreeKitTest {

    @Test
    void aVmlinuxWithoutRelocationsIsRefusedWithHowToRelink(@TempDir Path tmp) throws Exception {
        Path c = tmp.resolve("k.c");
        Files.writeString(c, "int x;\nvoid f(void) { x++; }\nvoid _start(void) { for (;;) f(); }\n");
        Path plain = tmp.resolve("vmlinux");
        Exec.of("gcc", "-nostdlib", "-static", "-o", plain.toString(), c.toString()).run();
        assertThatThrownBy(() -> BuiltTreeKit.requireRelocations(plain))
                .isInstanceOf(KitException.class)
                .hasMessageContaining("carries no relocations")
                .hasMessageContaining("--emit-relocs");
        Path withRelocs = tmp.resolve("vmlinux2");
        Exec.of("gcc", "-nostdlib", "-static", "-Wl,--emit-relocs", "-o", withRelocs.toString(), c.toString()).run();
        BuiltTreeKit.requireRelocations(withRelocs);
    }

    @Test
    void anUnbuiltTreeNamesWhatIsMissing(@TempDir Path tmp) throws Exception {
        Files.createDirectories(tmp.resolve("kernel/sched"));
        Files.writeString(tmp.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 1\nSUBLEVEL = 192\nEXTRAVERSION =\n");
        assertThatThrownBy(() -> BuiltTreeKit.of(tmp))
                .hasMessageContaining("is not a built kernel tree")
                .hasMessageContaining(".config")
                .hasMessageContaining("vmlinux (build the kernel first");
    }
}
