package org.foosched.analysis.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The glue's edits of the build copy of the scheduler's sources. */
class SchedulerGlueTest {

    @TempDir
    Path dir;

    static final String CORE = """
            // SPDX-License-Identifier: GPL-2.0-only
            static struct rq *finish_task_switch(struct task_struct *prev)
            	__releases(rq->lock)
            {
            	return this_rq();
            }
            static __always_inline struct rq *
            context_switch(struct rq *rq, struct task_struct *prev, struct task_struct *next, struct rq_flags *rf)
            {
            	/* Here we just switch the register state and the stack. */
            	switch_to(prev, next, prev);
            	barrier();
            	return finish_task_switch(prev);
            }
            """;

    @Test
    void coreSwitchesThroughTheSpringboard() throws Exception {
        Path core = dir.resolve("core.c");
        Files.writeString(core, CORE);

        SchedulerGlue.editCore(core);

        String out = Files.readString(core);
        assertThat(out.lines().toList().get(1)).startsWith("#include \"foosched-sched/springboard.h\"");
        assertThat(out).contains("\tfoosched_switch_to(prev, next, prev);").doesNotContain("\tswitch_to(prev, next, prev);");
    }

    @Test
    void coreWithoutTheSwitchIsRefused() throws Exception {
        Path core = dir.resolve("core.c");
        Files.writeString(core, CORE.replace("switch_to(prev, next, prev);", "my_switch(prev, next);"));

        assertThatThrownBy(() -> SchedulerGlue.editCore(core)).isInstanceOf(BuildException.class)
                .hasMessageContaining("must contain \"switch_to(prev, next, prev);\" exactly once")
                .hasMessageContaining("found none");
        assertThat(Files.readString(core)).doesNotContain("springboard");
    }

    @Test
    void coreWithoutARealFinishTaskSwitchIsRefused() throws Exception {
        Path core = dir.resolve("core.c");
        Files.writeString(core, CORE.replace("finish_task_switch(struct task_struct *prev)",
                "finish_task_switch(struct task_struct *prev, struct rq *rq)"));

        assertThatThrownBy(() -> SchedulerGlue.editCore(core))
                .hasMessageContaining("must define finish_task_switch(struct task_struct *prev)");
    }

    @Test
    void aliasesForTheServedObjects() throws Exception {
        Path debug = dir.resolve("debug.c");
        Files.writeString(debug, """
                static const struct file_operations sched_feat_fops = { .open = sched_feat_open };
                static const struct seq_operations sched_debug_sops;
                static const struct file_operations sched_debug_fops = { .open = sched_debug_open };
                static const struct seq_operations sched_debug_sops = { .start = sched_debug_start };
                """);

        SchedulerGlue.appendAliases(debug, "debug.c");

        assertThat(Files.readString(debug))
                .contains("extern __typeof__(sched_feat_fops) foosched_mod_sched_feat_fops __attribute__((alias(\"sched_feat_fops\")));")
                .contains("extern __typeof__(sched_debug_sops) foosched_mod_sched_debug_sops __attribute__((alias(\"sched_debug_sops\")));")
                .doesNotContain("schedstat_sops");
    }

    @Test
    void aRemovedServedObjectIsNamed() throws Exception {
        Path stats = dir.resolve("stats.c");
        Files.writeString(stats, "static int show_schedstat(struct seq_file *seq, void *v) { return 0; }\n");

        assertThatThrownBy(() -> SchedulerGlue.appendAliases(stats, "stats.c"))
                .hasMessageContaining("kernel/sched/mod/stats.c must define struct seq_operations schedstat_sops");
    }
}
