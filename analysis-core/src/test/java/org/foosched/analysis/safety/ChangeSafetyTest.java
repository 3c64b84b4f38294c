package org.foosched.analysis.safety;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ChangeSafetyTest {

    static final String CORE = """
            // SPDX-License-Identifier: GPL-2.0
            #include "sched.h"

            /* DON'T MODIFY SIGNATURE: interface, vmlinux's try_to_wake_up jumps here */
            int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)
            {
            \treturn ttwu_do(p, state);
            }

            static int ttwu_do(struct task_struct *p, unsigned int state)
            {
            \treturn state;
            }

            /* DON'T MODIFY INIT FUNCTION: it ran at boot */
            void __init sched_init(void)
            {
            \tinit_rq();
            }

            /* DON'T MODIFY INLINE EXTERNAL FUNCTION: vmlinux inlined it into code outside the boundary */
            static inline int rq_cpu(struct rq *rq)
            {
            \treturn rq->cpu;
            }

            struct local_stats {
            \tint hits;
            };
            """;

    static final String SCHED_H = """
            struct rq {
            \tunsigned int nr_running;
            \tint cpu;
            \tu64 foosched_reserved1;
            };
            """;

    private static final String F = "kernel/sched/mod/core.c";

    @Test
    void anUntouchedFileIsSafe() {
        ChangeSafety.Report r = ChangeSafety.compare(F, CORE, CORE);
        assertThat(r.findings()).isEmpty();
        assertThat(r.changedFunctions()).isEmpty();
    }

    @Test
    void editingTheBodyOfAnInterfaceIsAllowedAndListed() {
        String now = CORE.replace("\treturn ttwu_do(p, state);", "\tif (sched_feat(FOOSCHED_TEST))\n\t\tprintk_once(\"hi\");\n\treturn ttwu_do(p, state);");
        ChangeSafety.Report r = ChangeSafety.compare(F, CORE, now);
        assertThat(r.findings()).isEmpty();
        assertThat(r.changedFunctions()).containsExactly(
                new ChangeSafety.FunctionChange(F, "try_to_wake_up", ChangeSafety.Change.CHANGED, 5));
    }

    @Test
    void aChangedInterfaceSignatureIsAnError() {
        String now = CORE.replace("int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)",
                "int try_to_wake_up(struct task_struct *p, unsigned int state)");
        ChangeSafety.Report r = ChangeSafety.compare(F, CORE, now);
        assertThat(r.safe()).isFalse();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(ChangeSafety.Rule.SIGNATURE_CHANGED);
            assertThat(f.severity()).isEqualTo(ChangeSafety.Severity.ERROR);
            assertThat(f.line()).isEqualTo(5);
            assertThat(f.message()).isEqualTo("the signature of interface try_to_wake_up changed from "
                    + "'int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)' to "
                    + "'int try_to_wake_up(struct task_struct *p, unsigned int state)': vmlinux's callers jump here "
                    + "with the old arguments. Keep the signature (an empty body is allowed)");
        });
        // reformatting the signature is no change
        String reformatted = CORE.replace("unsigned int state, int wake_flags)", "unsigned int state,\n\t\t   int wake_flags /* WF_ */)");
        assertThat(ChangeSafety.compare(F, CORE, reformatted).findings()).isEmpty();
    }

    @Test
    void deletingAnInterfaceIsAnError() {
        int from = CORE.indexOf("/* DON'T MODIFY SIGNATURE");
        int to = CORE.indexOf("static int ttwu_do");
        String now = CORE.substring(0, from) + CORE.substring(to);
        ChangeSafety.Report r = ChangeSafety.compare(F, CORE, now);
        assertThat(r.findings()).extracting(ChangeSafety.Finding::rule)
                .containsExactly(ChangeSafety.Rule.GUARDED_FUNCTION_REMOVED);
        assertThat(r.findings().get(0).message()).contains("interface try_to_wake_up was deleted")
                .contains("make its body empty instead");
        assertThat(r.changedFunctions()).extracting(ChangeSafety.FunctionChange::change)
                .containsExactly(ChangeSafety.Change.REMOVED);
    }

    @Test
    void changingAnInitFunctionOrAnInlineExternalOneIsAnError() {
        String now = CORE.replace("\tinit_rq();", "\tinit_rq();\n\tfoosched_init();").replace("return rq->cpu;", "return rq->cpu + 1;");
        ChangeSafety.Report r = ChangeSafety.compare(F, CORE, now);
        assertThat(r.findings()).extracting(ChangeSafety.Finding::rule).containsExactly(
                ChangeSafety.Rule.INIT_FUNCTION_CHANGED, ChangeSafety.Rule.INLINE_EXTERNAL_CHANGED);
        assertThat(r.findings().get(0).message()).startsWith("init function sched_init changed: it ran at boot");
        assertThat(r.findings().get(0).line()).isEqualTo(16);
        assertThat(r.findings().get(1).message()).startsWith("rq_cpu changed, but vmlinux inlined it");
    }

    @Test
    void removingAMarkerIsAWarning() {
        String now = CORE.replace("/* DON'T MODIFY INIT FUNCTION: it ran at boot */\n", "");
        ChangeSafety.Report r = ChangeSafety.compare(F, CORE, now);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(ChangeSafety.Rule.MARKER_REMOVED);
            assertThat(f.severity()).isEqualTo(ChangeSafety.Severity.WARNING);
        });
        assertThat(r.safe()).isTrue();
    }

    @Test
    void structsOfSharedHeadersMustKeepTheirMembers() {
        String h = "kernel/sched/mod/sched.h";
        String added = SCHED_H.replace("\tint cpu;\n", "\tint cpu;\n\tint foosched_hint;\n");
        ChangeSafety.Report r = ChangeSafety.compare(h, SCHED_H, added);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(ChangeSafety.Rule.STRUCT_CHANGED);
            assertThat(f.severity()).isEqualTo(ChangeSafety.Severity.ERROR);
            assertThat(f.message()).isEqualTo("struct rq changed (added 'int foosched_hint'): vmlinux's code and the "
                    + "state it shares with the module use the old size and member offsets; change only reserved fields");
        });
        String retyped = SCHED_H.replace("\tint cpu;", "\tlong cpu;");
        assertThat(ChangeSafety.compare(h, SCHED_H, retyped).findings().get(0).message())
                .contains("added 'long cpu'; removed 'int cpu'");
        String reordered = SCHED_H.replace("\tunsigned int nr_running;\n\tint cpu;\n", "\tint cpu;\n\tunsigned int nr_running;\n");
        assertThat(ChangeSafety.compare(h, SCHED_H, reordered).findings().get(0).message())
                .contains("its members were reordered");
        String comment = SCHED_H.replace("\tint cpu;", "\tint cpu; /* the rq's CPU */");
        assertThat(ChangeSafety.compare(h, SCHED_H, comment).findings()).as("comments do not count").isEmpty();
    }

    @Test
    void aStructOfACFileIsOnlyAWarning() {
        String now = CORE.replace("\tint hits;", "\tint hits;\n\tint misses;");
        ChangeSafety.Report r = ChangeSafety.compare(F, CORE, now);
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(ChangeSafety.Severity.WARNING);
            assertThat(f.message()).contains("struct local_stats changed").contains("shared with vmlinux");
        });
    }

    @Test
    void checksDirectoriesAndListsChangedFilesAndFunctions(@TempDir Path tmp) throws Exception {
        Path pristine = Files.createDirectories(tmp.resolve("pristine"));
        Path mod = Files.createDirectories(tmp.resolve("mod"));
        Files.writeString(pristine.resolve("core.c"), CORE);
        Files.writeString(pristine.resolve("sched.h"), SCHED_H);
        Files.writeString(mod.resolve("core.c"), CORE.replace("return state;", "return state + 1;") + "\nint extra(void)\n{\n\treturn 1;\n}\n");
        Files.writeString(mod.resolve("sched.h"), SCHED_H);
        Files.writeString(mod.resolve("core.o"), "binary");
        ChangeSafety.Report r = ChangeSafety.check(pristine, mod, "kernel/sched/mod");
        assertThat(r.changedFiles()).containsExactly("kernel/sched/mod/core.c");
        assertThat(r.changedFunctions()).extracting(c -> c.function() + ":" + c.change())
                .containsExactly("ttwu_do:CHANGED", "extra:ADDED");
        assertThat(r.findings()).isEmpty();
    }

    @Test
    void aMarkedMacroLineMustStayButLinesAroundItMayChange() {
        String h = "kernel/sched/mod/features.h";
        String features = "SCHED_FEAT(GENTLE_FAIR_SLEEPERS, true)\n"
                + "/* DON'T MODIFY INLINE EXTERNAL FUNCTION: vmlinux inlined it into code outside the boundary */\n"
                + "SCHED_FEAT(UTIL_EST, true)\n"
                + "SCHED_FEAT(UTIL_EST_FASTUP, true)\n";
        String added = "SCHED_FEAT(FOOSCHED_TEST, false)\n\n" + features;
        assertThat(ChangeSafety.compare(h, features, added).findings()).isEmpty();
        String changed = features.replace("SCHED_FEAT(UTIL_EST, true)", "SCHED_FEAT(UTIL_EST, false)");
        assertThat(ChangeSafety.compare(h, features, changed).findings()).singleElement().satisfies(f -> {
            assertThat(f.rule()).isEqualTo(ChangeSafety.Rule.INLINE_EXTERNAL_CHANGED);
            assertThat(f.line()).isEqualTo(2);
            assertThat(f.message()).startsWith("'SCHED_FEAT(UTIL_EST, true)' under the 'DON'T MODIFY INLINE EXTERNAL "
                    + "FUNCTION' comment changed");
        });
    }
}
