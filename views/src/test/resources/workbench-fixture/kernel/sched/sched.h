/* SPDX-License-Identifier: GPL-2.0 */
/* Workbench fixture: the scheduler's internal header (run queues, classes, helpers). */
#ifndef _FIXTURE_KERNEL_SCHED_H
#define _FIXTURE_KERNEL_SCHED_H

#include <linux/compiler.h>
#include <linux/sched.h>

#define NR_CPUS 4

struct cfs_rq {
	unsigned int		nr_running;
	unsigned long long	min_vruntime;
	struct task_struct	*curr;
};

struct rq {
	unsigned int		nr_running;
	unsigned long long	clock;
	struct cfs_rq		cfs;
	struct task_struct	*curr;
	struct task_struct	*idle;
	int			cpu;
	unsigned long		foosched_reserved1;
};

struct sched_class {
	void (*enqueue_task)(struct rq *rq, struct task_struct *p, int flags);
	void (*dequeue_task)(struct rq *rq, struct task_struct *p, int flags);
	struct task_struct *(*pick_next_task)(struct rq *rq);
	void (*task_tick)(struct rq *rq, struct task_struct *p, int queued);
};

extern struct rq runqueues[NR_CPUS];
extern const struct sched_class fair_sched_class;
extern unsigned int sysctl_sched_features;

#define cpu_rq(cpu)		(&runqueues[(cpu)])
#define task_rq(p)		cpu_rq(task_cpu(p))

static inline unsigned long long rq_clock(struct rq *rq)
{
	return rq->clock;
}

static inline int task_on_rq_queued(struct task_struct *p)
{
	return p->on_rq == 1;
}

extern void trigger_load_balance(struct rq *rq);
extern void resched_curr(struct rq *rq);

#endif
