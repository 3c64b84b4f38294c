// SPDX-License-Identifier: GPL-2.0
/*
 * fs_testmod: proves foosched's deploy path on a real kernel without touching
 * the scheduler. Loading runs one stop_machine pass (the same kind of pause the
 * real module needs), publishes /sys/kernel/foosched/fs_testmod/enable and
 * prints its timings in the seed's metric format; unloading does the mirror.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/ktime.h>
#include "testmod.h"

static int __init testmod_init(void)
{
	struct stop_result res;
	u64 start = ktime_get_ns();
	u64 prepared;
	int ret;

	pr_info("module is loading\n");
	ret = testmod_sysfs_init();
	if (ret)
		return ret;
	prepared = ktime_get_ns();
	report_init_time(prepared - start);

	ret = stopcheck_run(&res);
	if (ret) {
		pr_err("stop_machine pass failed (%d); not loading\n", ret);
		testmod_sysfs_exit();
		return ret;
	}
	report_pass("load", &res, ktime_get_ns() - start);
	return 0;
}

static void __exit testmod_exit(void)
{
	struct stop_result res;
	u64 start = ktime_get_ns();

	pr_info("module is unloading\n");
	/* Hide the enable flag first: a reader must never see 1 while we leave. */
	testmod_sysfs_exit();
	if (stopcheck_run(&res))
		pr_warn("stop_machine pass on unload failed\n");
	else
		report_pass("unload", &res, ktime_get_ns() - start);
	pr_info("module removed\n");
}

module_init(testmod_init);
module_exit(testmod_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("foosched deploy-path test module (empty stop_machine, metrics, enable flag)");
