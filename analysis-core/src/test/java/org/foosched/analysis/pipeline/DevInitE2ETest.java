package org.foosched.analysis.pipeline;

import org.foosched.analysis.boundary.FunctionClass;
import org.foosched.analysis.kit.BuiltTreeKit;
import org.foosched.analysis.kit.Kit;
import org.foosched.analysis.model.FnId;
import org.foosched.analysis.proc.Exec;
import org.foosched.analysis.progress.Progress;
import org.foosched.analysis.source.KernelSource;
import org.foosched.analysis.testing.TestKit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dev_init} on a built kernel tree. Building Debian's kernel takes hours here, so the
 * tree is the release's source configured with its config, prepared for modules
 * ({@code make modules_prepare}) and given the release's own vmlinux — everything dev_init reads
 * from a tree the user built.
 */
@Tag("e2e")
class DevInitE2ETest {

    @Test
    void extractsFromABuiltTreeWithoutWritingToIt(@TempDir Path tmp) throws Exception {
        Kit kit = TestKit.require();
        Path tree = tmp.resolve("linux");
        Exec.of("cp", "-a", TestKit.source().root().toString(), tree.toString()).run();
        Files.copy(kit.config(), tree.resolve(".config"));
        Exec.of("make", "-s", "-C", tree.toString(), "olddefconfig").run();
        Exec.of("make", "-s", "-C", tree.toString(), "-j2", "modules_prepare").run();
        Files.copy(kit.vmlinux(), tree.resolve("vmlinux"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(kit.headersDir().resolve("Module.symvers"), tree.resolve("Module.symvers"));
        Files.writeString(tree.resolve("include/config/kernel.release"), kit.release() + "\n");
        long before = Files.getLastModifiedTime(tree.resolve("kernel/sched/core.c")).toMillis();

        Kit dev = BuiltTreeKit.of(tree);
        assertThat(dev.release()).isEqualTo(kit.release());
        KernelSource clean = BuiltTreeKit.cleanCopy(tree, Progress.NONE);
        assertThat(clean.isDirty()).isFalse();
        InitPipeline.Outcome o = new InitPipeline().run(new InitPipeline.Request(dev, clean.root(),
                tmp.resolve("scheduler"), null, false, true), Progress.NONE);

        assertThat(o.compile().ok()).isTrue();
        assertThat(o.analysis().function(new FnId("kernel/sched/core.c", "__schedule")).orElseThrow().cls())
                .isEqualTo(FunctionClass.INTERFACE);
        assertThat(Files.getLastModifiedTime(tree.resolve("kernel/sched/core.c")).toMillis()).isEqualTo(before);
        assertThat(tree.resolve("kernel/sched/core.o")).doesNotExist();
    }
}
