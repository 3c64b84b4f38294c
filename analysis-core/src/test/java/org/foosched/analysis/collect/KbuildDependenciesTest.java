package org.foosched.analysis.collect;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KbuildDependenciesTest {

    @TempDir
    Path dir;

    @Test
    void splitsSourceTreeFilesFromGeneratedOnesAndSkipsConfigSymbols() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path build = Files.createDirectories(dir.resolve("build"));
        Path cmd = KbuildDependencies.commandFile(build, "kernel/sched/build_policy.o");
        assertThat(cmd).isEqualTo(build.resolve("kernel/sched/.build_policy.o.cmd"));
        Files.createDirectories(cmd.getParent());
        Files.writeString(cmd, """
                cmd_kernel/sched/build_policy.o := gcc -Wp,-MMD,kernel/sched/.build_policy.o.d -nostdinc ...

                source_kernel/sched/build_policy.o := SRC/kernel/sched/build_policy.c

                deps_kernel/sched/build_policy.o := \\
                  include/generated/bounds.h \\
                    $(wildcard include/config/SMP) \\
                  SRC/kernel/sched/sched.h \\
                  SRC/kernel/sched/../workqueue_internal.h \\
                  SRC/kernel/sched/rt.c \\
                  SRC/include/linux/sched.h \\
                  ./include/generated/autoconf.h \\
                  /usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h \\

                kernel/sched/build_policy.o: $(deps_kernel/sched/build_policy.o)

                $(deps_kernel/sched/build_policy.o):
                """.replace("SRC", src.toString()));

        KbuildDependencies.Split deps = KbuildDependencies.read(cmd, src, build);

        assertThat(deps.sourceFiles()).containsExactly("include/linux/sched.h", "kernel/sched/build_policy.c",
                "kernel/sched/rt.c", "kernel/sched/sched.h", "kernel/workqueue_internal.h");
        assertThat(deps.buildFiles()).containsExactly("include/generated/autoconf.h", "include/generated/bounds.h");
    }

    @Test
    void aMissingCommandFileMeansTheObjectWasNotBuilt() {
        Path cmd = dir.resolve(".core.o.cmd");
        assertThatThrownBy(() -> KbuildDependencies.read(cmd, dir, dir)).isInstanceOf(CollectException.class)
                .hasMessageContaining(cmd.toString()).hasMessageContaining("not built");
    }
}
