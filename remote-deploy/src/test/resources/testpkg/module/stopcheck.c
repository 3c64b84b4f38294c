// SPDX-License-Identifier: GPL-2.0
/*
 * One stop_machine pass in which every CPU checks a share of all threads, the
 * way the real module's stack check splits its work. The check here is
 * shallow on purpose (the saved stack pointer must lie on the thread's own
 * stack; no unwinding): what we want is the real cost of stopping the machine
 * and touching every task, not a scheduler replacement.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/stop_machine.h>
#include "testmod.h"

struct stop_share {
	atomic_t next_slot;	/* hands each CPU a distinct share index */
	atomic_t threads;
	atomic_t bad_sp;
	atomic64_t handler_ns;	/* maxima over CPUs */
	atomic64_t check_ns;
};

static void atomic64_max(atomic64_t *v, s64 x)
{
	s64 old = atomic64_read(v);

	while (old < x) {
		s64 seen = atomic64_cmpxchg(v, old, x);

		if (seen == old)
			break;
		old = seen;
	}
}

static bool sp_on_own_stack(struct task_struct *t)
{
	unsigned long base = (unsigned long)task_stack_page(t);
	unsigned long sp = t->thread.sp;

	/* A thread that has exited may have released its stack already. */
	if (!base)
		return true;
	return sp >= base && sp < base + THREAD_SIZE;
}

static int stop_handler(void *data)
{
	struct stop_share *s = data;
	/* The online mask cannot change while the machine is stopped. */
	unsigned int shares = num_online_cpus();
	unsigned int slot = atomic_inc_return(&s->next_slot) - 1;
	struct task_struct *g, *t;
	unsigned int i = 0, mine = 0, bad = 0;
	u64 start = ktime_get_ns();
	u64 checked;

	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (i++ % shares != slot)
			continue;
		mine++;
		if (!sp_on_own_stack(t))
			bad++;
	}
	rcu_read_unlock();
	checked = ktime_get_ns();

	atomic_add(mine, &s->threads);
	atomic_add(bad, &s->bad_sp);
	atomic64_max(&s->check_ns, checked - start);
	atomic64_max(&s->handler_ns, ktime_get_ns() - start);
	return 0;
}

int stopcheck_run(struct stop_result *res)
{
	struct stop_share *s;
	u64 start;
	int ret;

	s = kzalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;

	start = ktime_get_ns();
	ret = stop_machine(stop_handler, s, cpu_online_mask);
	res->stop_machine_ns = ktime_get_ns() - start;
	res->handler_ns = atomic64_read(&s->handler_ns);
	res->check_ns = atomic64_read(&s->check_ns);
	res->cpus = atomic_read(&s->next_slot);
	res->threads = atomic_read(&s->threads);
	res->bad_sp = atomic_read(&s->bad_sp);
	kfree(s);

	if (!ret && res->bad_sp)
		pr_warn("%u threads have a saved stack pointer off their stack\n", res->bad_sp);
	return ret;
}
