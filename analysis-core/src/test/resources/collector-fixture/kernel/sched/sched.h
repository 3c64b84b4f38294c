/* SPDX-License-Identifier: GPL-2.0 */
/* Test fixture: a scheduler-internal header with static inline functions. */
#ifndef _FIXTURE_SCHED_H
#define _FIXTURE_SCHED_H

#include <linux/compiler.h>
#include <linux/percpu.h>

typedef struct {
	int counter;
} atomic_t;

struct task_struct;

struct cfs_rq {
	unsigned int nr_running;
	unsigned long load;
};

struct hrtimer {
	int (*function)(struct hrtimer *timer);
	long expires;
};

struct rq {
	unsigned int nr_running;
	struct cfs_rq cfs;
	atomic_t nr_iowait;
	struct hrtimer hrtick_timer;
	union {
		struct task_struct *curr;
		unsigned long curr_addr;
	};
	int cpu;
};

struct sched_class {
	void (*enqueue_task)(struct rq *rq, struct task_struct *p, int flags);
	void (*dequeue_task)(struct rq *rq, struct task_struct *p, int flags);
	struct task_struct *(*pick_next_task)(struct rq *rq);
};

#define DEFINE_SCHED_CLASS(name) \
const struct sched_class name##_sched_class \
	__aligned(__alignof__(struct sched_class)) \
	__section("__" #name "_sched_class")

extern const struct sched_class rt_sched_class;
extern const struct sched_class idle_sched_class;

DECLARE_PER_CPU_SHARED_ALIGNED(struct rq, runqueues);

#define cpu_rq(cpu)		(&runqueues)
#define this_rq()		this_cpu_ptr(&runqueues)

extern void resched_curr(struct rq *rq);
extern int sysctl_sched_rt_runtime;

static inline unsigned int rq_nr_running(struct rq *rq)
{
	return rq->nr_running + rq->cfs.nr_running;
}

static __always_inline int rq_iowait(struct rq *rq)
{
	return rq->nr_iowait.counter;
}

static inline void add_nr_running(struct rq *rq, unsigned count)
{
	rq->nr_running += count;
	if (rq_nr_running(rq) > 1)
		resched_curr(rq);
}

/* gnu_inline "extern inline": a body for inlining only, no symbol */
extern inline __attribute__((__gnu_inline__)) int rq_cpu_hint(struct rq *rq)
{
	return rq->cpu;
}

#endif
