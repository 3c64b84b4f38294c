// SPDX-License-Identifier: GPL-2.0
/*
 * Balance callbacks across a switch.
 *
 * rq->balance_callback is a list of (head, function) pairs that the code
 * holding the run-queue lock queues (push/pull of RT and DL tasks) and runs
 * before it lets go of the lock.  The heads are vmlinux's per-CPU
 * rt_push_head, rt_pull_head, dl_push_head, dl_pull_head (shared with the
 * module) and a head's ->next doubles as its "queued" mark.  Inside
 * stop_machine no run-queue lock is held, so the lists must be empty; if one
 * is not, its functions were queued by the code that is about to stop being
 * live (possibly module text that rmmod frees), so the switch drops them:
 * they are optimisations the next schedule() redoes.
 *
 * One value is not a queued callback: &balance_push_callback, the marker
 * CPU hotplug leaves on a CPU going down or offline (vmlinux's object, which
 * the module shares).  It stays, on offline CPUs too.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "sched_internals.h"
#include "internal.h"

DECLARE_PER_CPU(struct balance_callback, rt_push_head);
DECLARE_PER_CPU(struct balance_callback, rt_pull_head);
DECLARE_PER_CPU(struct balance_callback, dl_push_head);
DECLARE_PER_CPU(struct balance_callback, dl_pull_head);
extern struct balance_callback balance_push_callback;

static unsigned int fs_dropped_lists;
static unsigned int fs_dropped_heads;

static void fs_reset_head(struct balance_callback *head)
{
	if (head->next) {
		head->next = NULL;
		fs_dropped_heads++;
	}
}

/* Inside stop_machine, on the writing CPU, after the jumps (hook "master"). */
void fs_callbacks_reset(void)
{
	int cpu;

	fs_dropped_lists = 0;
	fs_dropped_heads = 0;
	for_each_possible_cpu(cpu) {
		struct rq *rq = cpu_rq(cpu);

		if (rq->balance_callback && rq->balance_callback != &balance_push_callback) {
			rq->balance_callback = NULL;
			fs_dropped_lists++;
		}
		fs_reset_head(per_cpu_ptr(&rt_push_head, cpu));
		fs_reset_head(per_cpu_ptr(&rt_pull_head, cpu));
		fs_reset_head(per_cpu_ptr(&dl_push_head, cpu));
		fs_reset_head(per_cpu_ptr(&dl_pull_head, cpu));
	}
}

void fs_callbacks_report(bool enable)
{
	if (fs_dropped_lists || fs_dropped_heads)
		pr_warn("%s: dropped %u queued balance-callback lists and %u queued heads left by the old code\n",
			enable ? "load" : "unload", fs_dropped_lists, fs_dropped_heads);
}
