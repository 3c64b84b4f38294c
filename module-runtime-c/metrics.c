// SPDX-License-Identifier: GPL-2.0
/*
 * The dmesg lines, in the seed's exact format (remote-deploy parses them):
 *
 *   Hi, <name> mod is installing!
 *   <name>: total initialization time is        6855921 ns
 *   <name> module is loading
 *   <name> load: current cpu number is               64
 *   <name> load: current thread number is           667
 *   <name> load: stop machine time is            249471 ns
 *   <name> load: stop handler time is            160616 ns
 *   <name> load: stack check time is              85916 ns
 *   <name> load: all the time is                1097321 ns
 *   <name> module is unloading
 *   <name> unload: ... (the same six lines)
 *   Bye, <name> mod has be removed!
 *
 * Numbers end in the same column whatever the label, as in the seed.
 * <name> is FOOSCHED_LOG_NAME.  On failure one extra line:
 *   <name> load: failed with error -16
 *
 * Deliberately printk() without pr_fmt: the lines carry no prefix.
 */
#include <linux/kernel.h>
#include <linux/printk.h>
#include "internal.h"

static const char *fs_op(bool enable)
{
	return enable ? "load" : "unload";
}

void fs_metrics_hello(void)
{
	printk(KERN_INFO "Hi, %s mod is installing!\n", FOOSCHED_LOG_NAME);
}

void fs_metrics_init_time(u64 ns)
{
	printk(KERN_INFO "%s: total initialization time is %14llu ns\n", FOOSCHED_LOG_NAME, ns);
}

void fs_metrics_begin(bool enable)
{
	printk(KERN_INFO "%s module is %s\n", FOOSCHED_LOG_NAME, enable ? "loading" : "unloading");
}

void fs_metrics_report(bool enable, const struct fs_times *t, u64 all_ns)
{
	const char *n = FOOSCHED_LOG_NAME, *op = fs_op(enable);

	printk(KERN_INFO "%s %s: current cpu number is %16u\n", n, op, t->nr_cpus);
	printk(KERN_INFO "%s %s: current thread number is %13u\n", n, op, t->nr_threads);
	printk(KERN_INFO "%s %s: stop machine time is %17llu ns\n", n, op, t->stop_machine_ns);
	printk(KERN_INFO "%s %s: stop handler time is %17llu ns\n", n, op, t->handler_ns);
	printk(KERN_INFO "%s %s: stack check time is %18llu ns\n", n, op, t->stack_ns);
	printk(KERN_INFO "%s %s: all the time is %22llu ns\n", n, op, all_ns);
}

void fs_metrics_failed(bool enable, int err)
{
	printk(KERN_INFO "%s %s: failed with error %d\n", FOOSCHED_LOG_NAME, fs_op(enable), err);
}

void fs_metrics_bye(void)
{
	printk(KERN_INFO "Bye, %s mod has be removed!\n", FOOSCHED_LOG_NAME);
}
