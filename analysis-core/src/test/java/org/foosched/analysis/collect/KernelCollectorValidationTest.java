package org.foosched.analysis.collect;

import org.foosched.analysis.testing.RecordingProgress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad requests are refused before anything runs, with a message naming the input. */
class KernelCollectorValidationTest {

    @TempDir
    Path dir;

    private CollectRequest request(Path tree, Path config, List<String> units, Path plugin) {
        return new CollectRequest(tree, config, dir.resolve("build"), units, plugin, dir.resolve("facts"));
    }

    @Test
    void refusesBadInputsNamingThem() throws IOException {
        Path tree = KernelSourceTreeTest.fakeKernelTree(dir.resolve("linux"));
        Path config = Files.writeString(dir.resolve("config"), "CONFIG_SMP=y\n");
        Path plugin = Files.writeString(dir.resolve("foosched_collect.so"), "");
        KernelCollector collector = new KernelCollector();
        RecordingProgress progress = new RecordingProgress();

        assertThatThrownBy(() -> collector.collect(request(tree, dir.resolve("nope"), List.of("kernel/sched/core.c"),
                plugin), progress)).isInstanceOf(CollectException.class).hasMessageContaining("config")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> collector.collect(request(tree, config, List.of("kernel/sched/core.c"),
                dir.resolve("none.so")), progress)).hasMessageContaining("collector plugin");
        assertThatThrownBy(() -> collector.collect(request(tree, config, List.of("kernel/sched/fair.c"), plugin),
                progress)).hasMessageContaining("kernel/sched/fair.c").hasMessageContaining("is not a .c file");
        assertThatThrownBy(() -> collector.collect(request(tree, config, List.of("../etc/passwd.c"), plugin),
                progress)).hasMessageContaining("../etc/passwd.c");
        assertThatThrownBy(() -> new CollectRequest(tree, config, dir, List.of(), plugin, dir))
                .isInstanceOf(IllegalArgumentException.class);

        Files.createDirectories(tree.resolve("include/config"));
        assertThatThrownBy(() -> collector.collect(request(tree, config, List.of("kernel/sched/core.c"), plugin),
                progress)).hasMessageContaining("make mrproper");
        // nothing was built
        assertThatThrownBy(() -> Files.list(dir.resolve("build"))).isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
