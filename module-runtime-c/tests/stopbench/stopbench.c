// SPDX-License-Identifier: GPL-2.0
/*
 * The yardstick for the runtime's downtime figures: an empty stop_machine
 * on all online CPUs, timed exactly as the runtime times its own (the call
 * seen by the caller; the handler on the first CPU in, up to a barrier all
 * CPUs pass).  Loading it runs it "runs" times and prints one line per run:
 *   fs_stopbench run N: stop machine time is X ns, stop handler time is Y ns
 */
#include <linux/atomic.h>
#include <linux/cpumask.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/stop_machine.h>

static int runs = 20;
module_param(runs, int, 0444);

struct bench {
	unsigned int nr_cpus;
	atomic_t ticket, arrived;
	u64 t_enter, t_exit;
};

static int bench_handler(void *data)
{
	struct bench *b = data;
	bool first = atomic_inc_return(&b->ticket) == 1;

	if (first)
		b->t_enter = ktime_get_ns();
	atomic_inc(&b->arrived);
	while (atomic_read(&b->arrived) < b->nr_cpus)
		cpu_relax();
	if (first)
		b->t_exit = ktime_get_ns();
	return 0;
}

static int __init stopbench_init(void)
{
	int i;

	for (i = 0; i < runs; i++) {
		struct bench b = {};
		u64 t0;
		int err;

		/* stop_machine() adds only an uncontended cpus_read_lock to what the runtime times */
		b.nr_cpus = num_online_cpus();
		t0 = ktime_get_ns();
		err = stop_machine(bench_handler, &b, cpu_online_mask);
		t0 = ktime_get_ns() - t0;
		if (err)
			return err;
		pr_info("fs_stopbench run %d: stop machine time is %llu ns, stop handler time is %llu ns\n",
			i, t0, b.t_exit - b.t_enter);
	}
	return 0;
}

static void __exit stopbench_exit(void)
{
}

module_init(stopbench_init);
module_exit(stopbench_exit);
MODULE_LICENSE("GPL");
