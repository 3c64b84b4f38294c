// SPDX-License-Identifier: GPL-2.0
/* Workbench fixture: the fair class, with its callbacks in fair_sched_class. */
#include <linux/compiler.h>
#include <linux/sched.h>
#include "sched.h"

int sysctl_sched_latency = 6000000;
static unsigned int sched_nr_migrate = 32;

static noinline void update_curr(struct cfs_rq *cfs_rq)
{
	struct task_struct *curr = cfs_rq->curr;

	if (unlikely(!curr))
		return;
	curr->vruntime += 1000;
	if (curr->vruntime > cfs_rq->min_vruntime)
		cfs_rq->min_vruntime = curr->vruntime;
}

static void enqueue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	update_curr(&rq->cfs);
	rq->cfs.nr_running++;
}

static void dequeue_task_fair(struct rq *rq, struct task_struct *p, int flags)
{
	update_curr(&rq->cfs);
	rq->cfs.nr_running--;
}

static struct task_struct *pick_next_task_fair(struct rq *rq)
{
	if (!rq->cfs.nr_running)
		return rq->idle;
	return rq->cfs.curr;
}

static void task_tick_fair(struct rq *rq, struct task_struct *curr, int queued)
{
	update_curr(&rq->cfs);
	if (rq_clock(rq) > (unsigned long long)sysctl_sched_latency)
		resched_curr(rq);
}

noinline void trigger_load_balance(struct rq *rq)
{
	if (rq->nr_running > sched_nr_migrate)
		resched_curr(rq);
}

const struct sched_class fair_sched_class = {
	.enqueue_task		= enqueue_task_fair,
	.dequeue_task		= dequeue_task_fair,
	.pick_next_task		= pick_next_task_fair,
	.task_tick		= task_tick_fair,
};
