package org.foosched.analysis.vmlinux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModuleSymversTest {

    @TempDir
    Path tmp;

    @Test
    void readsExports() throws Exception {
        Path f = Files.writeString(tmp.resolve("Module.symvers"),
                "0x70e470bf\twake_up_process\tvmlinux\tEXPORT_SYMBOL\t\n"
                        + "0x039823de\tinit_uts_ns\tvmlinux\tEXPORT_SYMBOL_GPL\t\n\n"
                        + "0x00000001\tfoo\tdrivers/x/y\tEXPORT_SYMBOL_GPL\tNS_X\n");
        List<Export> e = ModuleSymvers.read(f);
        assertThat(e).containsExactly(
                new Export("wake_up_process", false, "vmlinux", "", 0x70e470bfL, false),
                new Export("init_uts_ns", true, "vmlinux", "", 0x039823deL, false),
                new Export("foo", true, "drivers/x/y", "NS_X", 1L, false));
    }

    @Test
    void malformedLineNamesTheLine() throws Exception {
        Path f = Files.writeString(tmp.resolve("Module.symvers"),
                "0x70e470bf\twake_up_process\tvmlinux\tEXPORT_SYMBOL\t\nthis is not symvers\n");
        assertThatThrownBy(() -> ModuleSymvers.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 2").hasMessageContaining("linux-headers");
    }

    @Test
    void badCrc() throws Exception {
        Path f = Files.writeString(tmp.resolve("Module.symvers"), "zz\tfoo\tvmlinux\tEXPORT_SYMBOL\t\n");
        assertThatThrownBy(() -> ModuleSymvers.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining("line 1").hasMessageContaining("CRC");
    }
}
