// SPDX-License-Identifier: GPL-2.0
/*
 * Default hooks: do nothing.  Module code overrides any of them with a
 * strong definition (see include/foosched/hooks.h for when each runs).
 */
#include <linux/compiler.h>
#include <foosched/hooks.h>

int __weak foosched_hook_module_init(void)
{
	return 0;
}

void __weak foosched_hook_module_exit(void)
{
}

int __weak foosched_hook_prepare(bool enable)
{
	return 0;
}

void __weak foosched_hook_cpu_before(bool enable, int cpu)
{
}

void __weak foosched_hook_master(bool enable)
{
}

void __weak foosched_hook_cpu_after(bool enable, int cpu)
{
}

void __weak foosched_hook_finish(bool enable, int err)
{
}
