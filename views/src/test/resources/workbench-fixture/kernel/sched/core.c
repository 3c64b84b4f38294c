// SPDX-License-Identifier: GPL-2.0
/*
 * Workbench fixture: a small "core.c" with the shapes of the real one: interfaces the
 * rest of the kernel calls, an outsider (wake_up_process, called by kthread code), a
 * helper vmlinux inlines into that outsider, a timer callback, an init function and the
 * run queues.
 */
#include <linux/compiler.h>
#include <linux/sched.h>
#include "sched.h"

struct rq runqueues[NR_CPUS];
unsigned int sysctl_sched_features = 7;
static int sched_tick_count;
static unsigned long nr_wakeups;

struct hrtimer {
	int (*function)(struct hrtimer *timer);
	struct rq *rq;
};

static struct hrtimer hrtick_timer;

static noinline void update_rq_clock(struct rq *rq)
{
	rq->clock += 1000;
}

noinline void resched_curr(struct rq *rq)
{
	rq->curr->prio |= 1;
}

static noinline void enqueue_task(struct rq *rq, struct task_struct *p, int flags)
{
	update_rq_clock(rq);
	p->sched_class->enqueue_task(rq, p, flags);
	rq->nr_running++;
}

static noinline void ttwu_do_activate(struct rq *rq, struct task_struct *p, int wake_flags)
{
	enqueue_task(rq, p, wake_flags);
	p->on_rq = 1;
	p->__state = TASK_RUNNING;
	nr_wakeups++;
}

int try_to_wake_up(struct task_struct *p, unsigned int state, int wake_flags)
{
	struct rq *rq = task_rq(p);

	if (!(p->__state & state))
		return 0;
	ttwu_do_activate(rq, p, wake_flags);
	return 1;
}

static inline void ttwu_stat(struct task_struct *p)
{
	p->prio += 0;
}

int wake_up_process(struct task_struct *p)
{
	ttwu_stat(p);
	return try_to_wake_up(p, TASK_NORMAL, 0);
}

void wake_up_new_task(struct task_struct *p)
{
	struct rq *rq = task_rq(p);

	p->__state = TASK_RUNNING;
	ttwu_do_activate(rq, p, 0);
}

int sched_fork(struct task_struct *p)
{
	p->__state = TASK_NORMAL;
	p->prio = 120;
	p->sched_class = &fair_sched_class;
	return 0;
}

void wake_q_add(struct wake_q_head *head, struct task_struct *task)
{
	task->wake_q_next = NULL;
	*head->lastp = task;
	head->lastp = &task->wake_q_next;
}

void wake_up_q(struct wake_q_head *head)
{
	struct task_struct *task = head->first;

	while (task) {
		struct task_struct *next = task->wake_q_next;

		try_to_wake_up(task, TASK_NORMAL, 0);
		task = next;
	}
}

static int hrtick(struct hrtimer *timer)
{
	struct rq *rq = timer->rq;

	resched_curr(rq);
	return 0;
}

void scheduler_tick(void)
{
	struct rq *rq = cpu_rq(0);
	struct task_struct *curr = rq->curr;

	update_rq_clock(rq);
	curr->sched_class->task_tick(rq, curr, 0);
	sched_tick_count++;
	trigger_load_balance(rq);
	hrtick_timer.function = hrtick;
}

static noinline void __sched notrace __schedule(int preempt)
{
	struct rq *rq = cpu_rq(0);
	struct task_struct *next = rq->curr->sched_class->pick_next_task(rq);

	if (likely(next))
		rq->curr = next;
	rq->nr_running += preempt;
}

static int need_resched_flag;

void __sched schedule(void)
{
	do {
		__schedule(0);
	} while (need_resched_flag--);
}

void __init sched_init(void)
{
	int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct rq *rq = cpu_rq(cpu);

		rq->cpu = cpu;
		rq->clock = 0;
	}
	hrtick_timer.rq = cpu_rq(0);
}
