// SPDX-License-Identifier: GPL-2.0
/*
 * Which files may hold the module's objects, and the switch's part in it.
 *
 * While the module is enabled, /sys/kernel/debug/sched/{features,debug}
 * and /proc/schedstat use the module's own file and seq operations
 * (debugfs.c, procfs.c): a developer's change to those objects shows.  A
 * file opened with the module's seq_operations keeps a pointer to them in
 * its seq_file until it is closed; after rmmod that pointer would lead into
 * freed memory.  So:
 *
 *   - opens use the module's seq_operations only while the gate is open
 *     (from a successful load until an unload begins) and are counted;
 *     other opens get vmlinux's, which stay valid forever (their functions
 *     are vmlinux's entries, redirected while the module is live);
 *   - an unload first closes the gate and is refused (EBUSY, with the
 *     number of open files) while counted files are open; the lock makes
 *     "count, then use the module's objects" atomic against that check.
 *
 * A task inside the module's open/release functions during the switch is
 * on the stack check's watch (module text on its stack), like any other.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/spinlock.h>
#include <linux/printk.h>
#include "internal.h"

static DEFINE_SPINLOCK(fs_gate_lock);
static bool fs_gate_open;
static unsigned int fs_gate_files;

bool fs_gate_enter(void)
{
	bool mod;

	spin_lock(&fs_gate_lock);
	mod = fs_gate_open;
	if (mod)
		fs_gate_files++;
	spin_unlock(&fs_gate_lock);
	return mod;
}

void fs_gate_leave(void)
{
	spin_lock(&fs_gate_lock);
	if (!WARN_ON_ONCE(!fs_gate_files))
		fs_gate_files--;
	spin_unlock(&fs_gate_lock);
}

int fs_files_init(void)
{
	int err = fs_debugfs_init();

	if (!err)
		err = fs_procfs_init();
	if (err)
		fs_debugfs_exit();
	return err;
}

void fs_files_exit(void)
{
	fs_procfs_exit();
	fs_debugfs_exit();
}

int fs_files_prepare(bool enable)
{
	unsigned int open;
	int err;

	if (enable) {
		/* The module's objects take over before its code is live (see debugfs.c). */
		err = fs_debugfs_install();
		if (!err)
			err = fs_procfs_install();
		return err;
	}
	spin_lock(&fs_gate_lock);
	fs_gate_open = false;
	open = fs_gate_files;
	if (open)
		fs_gate_open = true;
	spin_unlock(&fs_gate_lock);
	if (open) {
		pr_warn("unload: busy: %u open file(s) of /sys/kernel/debug/sched/debug or /proc/schedstat use this module's seq_operations; close them and try again\n",
			open);
		return -EBUSY;
	}
	return 0;
}

void fs_files_finish(bool enable, int err)
{
	if (enable == !err) {
		/* Loaded, or an unload that failed: the module stays live. */
		spin_lock(&fs_gate_lock);
		fs_gate_open = true;
		spin_unlock(&fs_gate_lock);
		return;
	}
	/* Unloaded, or a load that failed: vmlinux's objects again. */
	fs_procfs_restore();
	fs_debugfs_restore();
}
