// SPDX-License-Identifier: GPL-2.0
/*
 * CFS and RT bandwidth timers across a switch.
 *
 * The period timers live in vmlinux's task groups and def_rt_bandwidth,
 * and their functions are vmlinux's entries (the module's code takes
 * callback addresses from vmlinux), so they keep firing into whichever code
 * is live; the switch does not have to move them.  What it must not leave
 * behind is a group whose state needs a running period timer without one:
 * throttled cfs_rqs are only unthrottled by the period timer, and a
 * "period_active" flag without a queued timer stops anyone from starting
 * it again.  After each switch, in process context, every such timer is
 * started again through the live code and the fact is logged.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "sched_internals.h"
#include "internal.h"

#ifdef CONFIG_CFS_BANDWIDTH
static unsigned int fs_check_cfs(struct task_group *tg)
{
	struct cfs_bandwidth *cfs_b = &tg->cfs_bandwidth;
	unsigned long flags;
	unsigned int restarted = 0;

	if (!cfs_b->throttled_cfs_rq.next)	/* never initialised */
		return 0;
	raw_spin_lock_irqsave(&cfs_b->lock, flags);
	if ((cfs_b->period_active || !list_empty(&cfs_b->throttled_cfs_rq)) &&
	    !hrtimer_active(&cfs_b->period_timer)) {
		cfs_b->period_active = 0;
		start_cfs_bandwidth(cfs_b);
		restarted = 1;
	}
	raw_spin_unlock_irqrestore(&cfs_b->lock, flags);
	return restarted;
}
#else
static unsigned int fs_check_cfs(struct task_group *tg)
{
	return 0;
}
#endif

static unsigned int fs_check_rt(struct rt_bandwidth *rt_b)
{
	unsigned long flags;
	unsigned int restarted = 0;

	raw_spin_lock_irqsave(&rt_b->rt_runtime_lock, flags);
	if (rt_b->rt_period_active && !hrtimer_active(&rt_b->rt_period_timer)) {
		hrtimer_forward_now(&rt_b->rt_period_timer, ns_to_ktime(0));
		hrtimer_start_expires(&rt_b->rt_period_timer, HRTIMER_MODE_ABS_PINNED_HARD);
		restarted = 1;
	}
	raw_spin_unlock_irqrestore(&rt_b->rt_runtime_lock, flags);
	return restarted;
}

void fs_bandwidth_check(bool enable)
{
	unsigned int cfs = 0, rt = 0;
	struct task_group *tg;

	rcu_read_lock();
	list_for_each_entry_rcu(tg, &task_groups, list) {
		cfs += fs_check_cfs(tg);
#ifdef CONFIG_RT_GROUP_SCHED
		rt += fs_check_rt(&tg->rt_bandwidth);
#endif
	}
	rcu_read_unlock();
	rt += fs_check_rt(&def_rt_bandwidth);
	if (cfs || rt)
		pr_warn("%s: restarted %u CFS and %u RT bandwidth period timers that their groups' state needed\n",
			enable ? "load" : "unload", cfs, rt);
}
