// SPDX-License-Identifier: GPL-2.0
/*
 * The metric lines, in exactly the seed's layout: foosched's MetricsParser and
 * anyone used to the seed's README read them. The label is left-aligned and the
 * value right-aligned so the numbers line up in dmesg.
 */
#define pr_fmt(fmt) KBUILD_MODNAME fmt

#include <linux/printk.h>
#include "testmod.h"

void report_init_time(u64 ns)
{
	pr_info(": total initialization time is %14llu ns\n", ns);
}

void report_pass(const char *phase, const struct stop_result *res, u64 all_ns)
{
	pr_info(" %s: %-24s %13u\n", phase, "current cpu number is", res->cpus);
	pr_info(" %s: %-24s %13u\n", phase, "current thread number is", res->threads);
	pr_info(" %s: %-24s %13llu ns\n", phase, "stop machine time is", res->stop_machine_ns);
	pr_info(" %s: %-24s %13llu ns\n", phase, "stop handler time is", res->handler_ns);
	pr_info(" %s: %-24s %13llu ns\n", phase, "stack check time is", res->check_ns);
	pr_info(" %s: %-24s %13llu ns\n", phase, "all the time is", all_ns);
}
