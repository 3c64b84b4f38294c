// SPDX-License-Identifier: GPL-2.0
/* Test fixture: the rt class, compiled through build_policy.c. */

static int sched_rt_period_timer(struct hrtimer *timer)
{
	return timer->expires > 0;
}

void init_rt_timer(struct rq *rq)
{
	rq->hrtick_timer.function = sched_rt_period_timer;
}

static void enqueue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	add_nr_running(rq, 1);
}

static void dequeue_task_rt(struct rq *rq, struct task_struct *p, int flags)
{
	rq->nr_running--;
}

DEFINE_SCHED_CLASS(rt) = {
	.enqueue_task		= enqueue_task_rt,
	.dequeue_task		= dequeue_task_rt,
};
