// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler's implementation of the runtime's hooks
 * (include/foosched/hooks.h): which part runs when, in one place.
 *
 *   module init   springboard check + allow-list; find the files to take over
 *   prepare       buffers for the rebuild; load: the files take the module's
 *                 objects; unload: refuse while files hold them
 *   cpu_before    dequeue this CPU's queued tasks (old code)
 *   master        drop balance callbacks left by the old code
 *   cpu_after     enqueue them again (new code)
 *   finish        load: open the gate; unload: give the files back;
 *                 report; restart bandwidth timers a group needs
 *   module exit   give everything back; wait out stragglers
 *
 * No sched_class is swapped: the classes are vmlinux's objects, shared with
 * the module, and their methods are vmlinux's entries, which the runtime's
 * jumps lead into the module while it is enabled.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rcupdate.h>
#include <foosched/hooks.h>
#include "internal.h"

int foosched_hook_module_init(void)
{
	int err = fs_sb_init();

	if (!err)
		err = fs_files_init();
	return err;
}

void foosched_hook_module_exit(void)
{
	fs_files_exit();
	/*
	 * A task may have read one of the module's file operations just
	 * before it was given back and not have called it yet (a file's
	 * release is not counted by debugfs or procfs).  Such a task has not
	 * passed a voluntary context switch since; an RCU tasks grace period
	 * waits for every task to pass one, after which nothing can still
	 * enter the module's text through a stale pointer.
	 */
	synchronize_rcu_tasks();
}

int foosched_hook_prepare(bool enable)
{
	int err = fs_rebuild_prepare();

	if (!err)
		err = fs_files_prepare(enable);
	return err;
}

void foosched_hook_cpu_before(bool enable, int cpu)
{
	fs_rebuild_before(cpu);
}

void foosched_hook_master(bool enable)
{
	fs_callbacks_reset();
}

void foosched_hook_cpu_after(bool enable, int cpu)
{
	fs_rebuild_after(cpu);
}

void foosched_hook_finish(bool enable, int err)
{
	fs_files_finish(enable, err);
	fs_rebuild_finish(enable, err);
	if (!err) {
		fs_callbacks_report(enable);
		fs_bandwidth_check(enable);
	}
}
