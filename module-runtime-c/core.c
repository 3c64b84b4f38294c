// SPDX-License-Identifier: GPL-2.0
/*
 * Module init/exit and the enable state machine.
 *
 * Loading the module enables it (vmlinux's functions jump into the
 * module); a busy stack check or a refused function makes the load fail
 * with nothing changed.  While enabled the module holds a reference on
 * itself, so a plain rmmod is refused; "echo 0 > .../enable" switches back
 * and drops it, after which rmmod works.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include "internal.h"

static DEFINE_MUTEX(fs_state_lock);
static bool fs_enabled;

bool foosched_is_enabled(void)
{
	return READ_ONCE(fs_enabled);
}

static int fs_switch(bool enable)
{
	struct fs_times times = {};
	u64 t0 = ktime_get_ns();
	int err;

	fs_metrics_begin(enable);
	err = foosched_hook_prepare(enable);
	if (!err)
		err = fs_transition_run(enable, &times);
	foosched_hook_finish(enable, err);
	if (err) {
		fs_metrics_failed(enable, err);
		return err;
	}

	/* The module's code is live from here: a plain rmmod must not free it. */
	if (enable)
		__module_get(THIS_MODULE);
	else
		module_put(THIS_MODULE);
	WRITE_ONCE(fs_enabled, enable);
	fs_metrics_report(enable, &times, ktime_get_ns() - t0);
	return 0;
}

int fs_set_enabled(bool enable)
{
	int err;

	/*
	 * A second writer must not sleep on this mutex: its stack would be in
	 * the module's text and make the first writer's disable look busy.
	 */
	if (!mutex_trylock(&fs_state_lock))
		return -EAGAIN;
	err = enable == fs_enabled ? 0 : fs_switch(enable);
	mutex_unlock(&fs_state_lock);
	return err;
}

static void fs_teardown(void)
{
	fs_sysfs_exit();
	foosched_hook_module_exit();
	fs_stack_exit();
	fs_patch_exit();
}

static int __init foosched_init(void)
{
	u64 t0 = ktime_get_ns();
	int err;

	fs_metrics_hello();
	err = fs_patch_init();
	if (!err)
		err = fs_symbols_verify();
	if (!err)
		err = fs_stack_init();
	if (!err)
		err = foosched_hook_module_init();
	if (err) {
		fs_stack_exit();
		fs_patch_exit();
		return err;
	}
	err = fs_sysfs_init();
	if (err) {
		foosched_hook_module_exit();
		fs_stack_exit();
		fs_patch_exit();
		return err;
	}
	fs_metrics_init_time(ktime_get_ns() - t0);

	err = fs_set_enabled(true);
	if (err) {
		fs_teardown();
		return err;
	}
	return 0;
}

static void __exit foosched_exit(void)
{
	/*
	 * Only reachable disabled (the reference held while enabled stops a
	 * plain rmmod); a forced unload of an enabled module cannot be made
	 * safe, so try to switch back and shout if that fails.
	 */
	if (foosched_is_enabled() && fs_switch(false))
		WARN(1, "unloaded while vmlinux still jumps into this module\n");
	fs_teardown();
	fs_metrics_bye();
}

module_init(foosched_init);
module_exit(foosched_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("foosched live-redirect runtime");
