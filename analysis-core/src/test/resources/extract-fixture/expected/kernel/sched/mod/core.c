// SPDX-License-Identifier: GPL-2.0-only
/* FOOSCHED REMOVED, vmlinux did it at boot: #define CREATE_TRACE_POINTS */
#include <trace/events/sched.h>
#include "sched.h"

DECLARE_PER_CPU_SHARED_ALIGNED(struct rq, runqueues); /* FOOSCHED SHARED, critical: rebuilt on load: vmlinux's runqueues */
static DEFINE_PER_CPU(int, private_counter);
extern unsigned int shared_static __read_mostly; /* FOOSCHED SHARED: vmlinux's shared_static,2 */
extern __typeof__(shared_static) shared_static __asm__("foosched.vmlinux.2.shared_static"); /* extra_public */
const_debug unsigned int sysctl_sched_features =
#include "features.h"
	0;

/*
 * Keeps the tick going.
 */
/* DON'T MODIFY SIGNATURE: interface, vmlinux's scheduler_tick jumps here */
void scheduler_tick(void)
{
	int cpu = smp_processor_id();

	tick_helper(cpu, "}");
}

static void tick_helper(int cpu, const char *s) __asm__("foosched.vmlinux.0.tick_helper");
/* DON'T MODIFY SIGNATURE: callback, vmlinux's tick_helper jumps here; pointers the module takes of tick_helper point into vmlinux, so this copy is __cb_tick_helper */
static void __cb_tick_helper(int cpu, const char *s)
{
	/* { not a brace } */
	outsider_helper(cpu);
}

static inline int outsider_helper(int cpu); /* FOOSCHED OUTSIDER: the module calls vmlinux's outsider_helper */
static __typeof__(outsider_helper) outsider_helper __asm__("foosched.vmlinux.0.outsider_helper");

/* DON'T MODIFY INIT FUNCTION: it ran at boot */
static void __init sched_init_thing(void)
{
}

extern const struct sched_class fair_sched_class; /* FOOSCHED SHARED, critical: rebuilt on load: vmlinux's fair_sched_class */

/* FOOSCHED REMOVED, vmlinux did it at boot: EXPORT_TRACEPOINT_SYMBOL_GPL(sched_switch); */
/* FOOSCHED REMOVED, vmlinux did it at boot: late_initcall(sched_init_thing); */
