// SPDX-License-Identifier: GPL-2.0-only
#define CREATE_TRACE_POINTS
#include <trace/events/sched.h>
#include "sched.h"

DEFINE_PER_CPU_SHARED_ALIGNED(struct rq, runqueues);
static DEFINE_PER_CPU(int, private_counter);
static unsigned int shared_static __read_mostly = 3; /* extra_public */
const_debug unsigned int sysctl_sched_features =
#include "features.h"
	0;

/*
 * Keeps the tick going.
 */
void scheduler_tick(void)
{
	int cpu = smp_processor_id();

	tick_helper(cpu, "}");
}

static void tick_helper(int cpu, const char *s)
{
	/* { not a brace } */
	outsider_helper(cpu);
}

static inline int outsider_helper(int cpu)
{
	return cpu + 1;
}

static void __init sched_init_thing(void)
{
}

DEFINE_SCHED_CLASS(fair) = {
	.tick = tick_helper,
};

EXPORT_TRACEPOINT_SYMBOL_GPL(sched_switch);
late_initcall(sched_init_thing);
