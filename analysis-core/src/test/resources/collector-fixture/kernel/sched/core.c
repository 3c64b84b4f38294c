// SPDX-License-Identifier: GPL-2.0
/*
 * Test fixture for the collector plugin: a "core.c" with the constructs the
 * kernel's scheduler uses.  The tests find expected positions by searching
 * this text, so edits here do not need edits in the tests.
 */
#include <linux/compiler.h>
#include <linux/export.h>
#include <linux/percpu.h>
#include <linux/syscalls.h>
#include "sched.h"

DEFINE_PER_CPU_SHARED_ALIGNED(struct rq, runqueues);
DEFINE_PER_CPU(int, fixture_counter);
EXPORT_SYMBOL(fixture_counter);

static int sched_boot_tunable __initdata = 5;
int sysctl_sched_rt_runtime = 950000;
int fixture_tentative;

static struct {
	int next_balance;
} nohz_fixture;

extern void wake_up_fixture(struct task_struct *p);
extern int printk_fixture(const char *fmt, ...);
extern int fixture_timer_tick(struct hrtimer *timer);

void __weak arch_fixture_hook(void)
{
}

void resched_curr(struct rq *rq)
{
	rq->curr_addr |= 1;
	arch_fixture_hook();
}
EXPORT_SYMBOL(resched_curr);

static int hrtick(struct hrtimer *timer)
{
	struct rq *rq = container_of(timer, struct rq, hrtick_timer);

	resched_curr(rq);
	return rq->cpu;
}

static void hrtick_rq_init(struct rq *rq)
{
	rq->hrtick_timer.function = hrtick;
	rq->hrtick_timer.expires = 0;
}

static noinline int sched_tick_helper(struct rq *rq)
{
	BUILD_BUG_ON(sizeof(struct rq) < 4);
	return rq_iowait(rq) + rq->cfs.load + rq_cpu_hint(rq);
}

void __sched notrace fixture_schedule(void)
{
	static int calls_seen;
	struct rq *rq = this_rq();

	calls_seen++;
	add_nr_running(rq, 1);
	if (likely(rq->curr))
		wake_up_fixture(rq->curr);
	sched_tick_helper(rq);
}

void fixture_schedule_alias(void) __alias(fixture_schedule);

static __used int fixture_fire_timer(struct rq *rq)
{
	static int (*saved_handler)(struct hrtimer *timer) = hrtick;

	if (WARN_ON_ONCE(!rq->hrtick_timer.function))
		return saved_handler(&rq->hrtick_timer);
	return rq->hrtick_timer.function(&rq->hrtick_timer);
}

struct fixture_ops {
	int (*tick)(struct hrtimer *timer);
	void (*schedule)(void);
	int *counter;
};

static const struct fixture_ops fixture_ops = {
	.tick		= hrtick,
	.schedule	= fixture_schedule,
	.counter	= &sysctl_sched_rt_runtime,
};

static const struct fixture_ops *const fixture_ops_ptr = &(struct fixture_ops){
	.tick		= fixture_timer_tick,
};

static const struct sched_class *const fixture_classes[] = {
	&rt_sched_class,
	&idle_sched_class,
};

int fixture_tentative = 3;

void __init sched_init(void)
{
	int cpu = 0;
	struct rq *rq = cpu_rq(cpu);

	hrtick_rq_init(rq);
	rq->cpu = sched_boot_tunable + fixture_tentative;
	nohz_fixture.next_balance = 1;
	printk_fixture("classes %p ops %p %p\n", fixture_classes, &fixture_ops,
		       fixture_ops_ptr);
}

static void __exit sched_exit(void)
{
	sched_init();
}

SYSCALL_DEFINE1(sched_yield_fixture, int, how)
{
	struct rq *rq = this_rq();

	return rq_nr_running(rq) + how;
}
