/* SPDX-License-Identifier: GPL-2.0 */
/* Workbench fixture: the task as the rest of the kernel sees it. */
#ifndef _FIXTURE_LINUX_SCHED_H
#define _FIXTURE_LINUX_SCHED_H

#include <linux/compiler.h>

#define TASK_RUNNING		0
#define TASK_NORMAL		3

struct sched_class;

struct task_struct {
	unsigned int		__state;
	int			prio;
	int			cpu;
	int			on_rq;
	unsigned long long	vruntime;
	const struct sched_class *sched_class;
	struct task_struct	*wake_q_next;
};

struct wake_q_head {
	struct task_struct *first;
	struct task_struct **lastp;
};

static inline int task_cpu(const struct task_struct *p)
{
	return p->cpu;
}

extern int wake_up_process(struct task_struct *p);
extern void wake_up_new_task(struct task_struct *p);
extern int sched_fork(struct task_struct *p);
extern void wake_q_add(struct wake_q_head *head, struct task_struct *task);
extern void wake_up_q(struct wake_q_head *head);
extern void scheduler_tick(void);
extern void schedule(void);
extern void sched_init(void);
extern int sysctl_sched_latency;

#endif
