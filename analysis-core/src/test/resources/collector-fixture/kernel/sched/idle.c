// SPDX-License-Identifier: GPL-2.0
/* Test fixture: the idle class, compiled through build_policy.c. */

static void enqueue_task_idle(struct rq *rq, struct task_struct *p, int flags)
{
	rq->nr_running = 0;
}

static struct task_struct *pick_next_task_idle(struct rq *rq)
{
	return rq->curr;
}

DEFINE_SCHED_CLASS(idle) = {
	.enqueue_task		= enqueue_task_idle,
	.pick_next_task		= pick_next_task_idle,
};
