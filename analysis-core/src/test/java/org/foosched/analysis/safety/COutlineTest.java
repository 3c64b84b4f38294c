package org.foosched.analysis.safety;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class COutlineTest {

    static final String TEXT = """
            // SPDX-License-Identifier: GPL-2.0
            #include "sched.h"
            #define BRACE_IN_MACRO { int x; }

            struct rq {
            \tunsigned int nr_running;   /* a { brace in a comment */
            #ifdef CONFIG_SMP
            \tint cpu;
            #endif
            \tunion {
            \t\tstruct task_struct *curr;
            \t\tunsigned long addr;
            \t};
            };

            typedef struct {
            \tint counter;
            } atomic_t;

            enum rq_state { RQ_IDLE, RQ_BUSY = 3 };

            static const char *names[] = { "{", "}" };

            DEFINE_SCHED_CLASS(idle) = {
            \t.pick_next_task = pick_next_task_idle,
            };

            /**
             * try_to_wake_up - wake up a thread
             */
            /* DON'T MODIFY SIGNATURE: interface, vmlinux's try_to_wake_up jumps here */
            int try_to_wake_up(struct task_struct *p, /* state */ unsigned int state,
            \t\t   int wake_flags)
            {
            \tif (p) {
            \t\treturn '{';
            \t}
            \treturn 0;
            }

            static void __sched notrace __attribute__((noinline)) __schedule(unsigned int sched_mode)
            \t__releases(rq->lock)
            {
            \tcall("}");
            }

            SYSCALL_DEFINE1(sched_yield, int, how)
            {
            \treturn how;
            }

            static struct rq *(*pick)(int cpu);
            """;

    @Test
    void findsFunctionsWithNamesSignaturesAndBodies() {
        COutline o = COutline.of(TEXT);
        assertThat(o.functions()).extracting(COutline.Function::name)
                .containsExactly("try_to_wake_up", "__schedule", "SYSCALL_DEFINE1(sched_yield)");
        COutline.Function ttwu = o.function("try_to_wake_up").orElseThrow();
        assertThat(ttwu.signature()).isEqualTo("int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)");
        assertThat(ttwu.body()).isEqualTo("{ if (p) { return '{'; } return 0; }");
        assertThat(TEXT.substring(ttwu.start())).startsWith("int try_to_wake_up(");
        assertThat(TEXT.charAt(ttwu.open())).isEqualTo('{');
        assertThat(TEXT.charAt(ttwu.close())).isEqualTo('}');
        assertThat(ttwu.line()).isEqualTo(lineOf("int try_to_wake_up("));
        assertThat(ttwu.endLine()).isEqualTo(lineOf("\treturn 0;") + 1);
        assertThat(TEXT.substring(ttwu.nameAt())).startsWith("try_to_wake_up(");
        assertThat(o.function("__schedule").orElseThrow().signature())
                .endsWith("__schedule(unsigned int sched_mode) __releases(rq->lock)");
        assertThat(o.functionAt(TEXT.indexOf("call(\"}\")")).orElseThrow().name()).isEqualTo("__schedule");
        assertThat(o.functionAt(TEXT.indexOf("RQ_IDLE"))).isEmpty();
    }

    @Test
    void findsStructsUnionsEnumsAndTheirMembers() {
        COutline o = COutline.of(TEXT);
        assertThat(o.structs()).extracting(s -> s.kind() + " " + s.name())
                .containsExactly("struct rq", "struct atomic_t", "enum rq_state");
        assertThat(o.structs().get(0).members()).containsExactly("unsigned int nr_running", "#ifdef CONFIG_SMP",
                "int cpu", "#endif", "union { struct task_struct *curr; unsigned long addr; }");
        assertThat(o.structs().get(2).members()).containsExactly("RQ_IDLE", "RQ_BUSY = 3");
        assertThat(o.structs().get(0).line()).isEqualTo(lineOf("struct rq {"));
    }

    @Test
    void findsGuardedRegions() {
        String text = """
                /* DON'T MODIFY INIT FUNCTION: it ran at boot */
                void __init sched_init(void)
                {
                \tinit_rq();
                }

                /* DON'T MODIFY SIGNATURE: callback, vmlinux's hrtick jumps here */
                static int __cb_hrtick(struct hrtimer *t)
                {
                \treturn 0;
                }
                /* DON'T MODIFY INLINE EXTERNAL FUNCTION: vmlinux inlined it into code outside the boundary */
                static inline int rq_cpu(struct rq *rq)
                {
                \treturn rq->cpu;
                }
                """;
        var regions = GuardedRegion.find(COutline.of(text));
        assertThat(regions).extracting(GuardedRegion::describe).containsExactly(
                "DON'T MODIFY INIT FUNCTION: sched_init (lines 1-5)",
                "DON'T MODIFY SIGNATURE: __cb_hrtick (lines 7-8)",
                "DON'T MODIFY INLINE EXTERNAL FUNCTION: rq_cpu (lines 12-16)");
        GuardedRegion sig = regions.get(1);
        assertThat(sig.contains(text.indexOf("struct hrtimer *t"))).isTrue();
        assertThat(sig.contains(text.indexOf("return 0;"))).as("the body of an interface may change").isFalse();
        assertThat(regions.get(0).contains(text.indexOf("init_rq"))).isTrue();
        assertThat(regions.get(2).overlaps(text.indexOf("rq->cpu"), text.indexOf("rq->cpu") + 2)).isTrue();
    }

    private static int lineOf(String needle) {
        int at = TEXT.indexOf(needle);
        return (int) TEXT.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
