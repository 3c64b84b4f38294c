// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/schedstat while the module is enabled.
 *
 * vmlinux made it with proc_create_seq(), so its proc_dir_entry holds
 * vmlinux's generic seq-file proc_ops and vmlinux's schedstat_sops; procfs
 * reads pde->proc_ops at every call.  The module stores proc_ops of its own
 * there: they open the file with the module's schedstat_sops while the gate
 * (files.c) allows it and count those files, and they close files of both
 * kinds.  The method set is the one vmlinux's proc_ops has (read_iter,
 * lseek), because procfs chose the inode's file operations and the entry's
 * flags from it when the entry was created.
 *
 * As for debugfs, taking over waits until no procfs call that may have
 * read the old proc_ops is in flight (pde->in_use back to 0), and so does
 * giving back; the release path, which procfs does not count, is covered
 * by the RCU tasks grace period in the module's exit.
 *
 * struct proc_dir_entry is private to fs/proc; the build copies the
 * release's fs/proc/internal.h next to this file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include "kernel/proc_internal.h"
#include "foosched_sched_layout.h"
#include "internal.h"

extern const struct seq_operations fs_vmlinux_schedstat_sops __asm__(FOOSCHED_SYM_SCHEDSTAT_SOPS);
extern const struct seq_operations foosched_mod_schedstat_sops;

#define FS_DRAIN_MS	1000

static struct path fs_schedstat_path;
static struct proc_dir_entry *fs_schedstat_pde;
static const struct proc_ops *fs_vmlinux_proc_ops;
static bool fs_installed;

static int fs_schedstat_open(struct inode *inode, struct file *file)
{
	bool mod = fs_gate_enter();
	int err;

	err = seq_open(file, mod ? &foosched_mod_schedstat_sops : &fs_vmlinux_schedstat_sops);
	if (err && mod)
		fs_gate_leave();
	return err;
}

static int fs_schedstat_release(struct inode *inode, struct file *file)
{
	struct seq_file *m = file->private_data;
	bool mod = m->op == &foosched_mod_schedstat_sops;
	int err = seq_release(inode, file);

	if (mod)
		fs_gate_leave();
	return err;
}

static const struct proc_ops fs_schedstat_proc_ops = {
	.proc_open	= fs_schedstat_open,
	.proc_read_iter	= seq_read_iter,
	.proc_lseek	= seq_lseek,
	.proc_release	= fs_schedstat_release,
};

static bool fs_drain(void)
{
	int ms;

	for (ms = 0; ms < FS_DRAIN_MS; ms++) {
		if (atomic_read(&fs_schedstat_pde->in_use) <= 0)
			return true;
		msleep(1);
	}
	pr_warn("/proc/schedstat: calls still running after %d ms\n", FS_DRAIN_MS);
	return false;
}

int fs_procfs_init(void)
{
	const struct proc_ops *ops;
	struct proc_dir_entry *pde;
	int err;

	err = kern_path("/proc/schedstat", LOOKUP_FOLLOW, &fs_schedstat_path);
	if (err) {
		pr_err("cannot find /proc/schedstat (%d): is /proc mounted?\n", err);
		return err;
	}
	pde = PDE(d_inode(fs_schedstat_path.dentry));
	ops = READ_ONCE(pde->proc_ops);
	if (pde->seq_ops != &fs_vmlinux_schedstat_sops || !ops->proc_read_iter || !ops->proc_lseek ||
	    pde_is_permanent(pde)) {
		pr_err("/proc/schedstat is not vmlinux's seq file (seq_ops %ps, proc_ops %ps); another module took it over?\n",
		       pde->seq_ops, ops);
		path_put(&fs_schedstat_path);
		return -EBUSY;
	}
	fs_schedstat_pde = pde;
	fs_vmlinux_proc_ops = ops;
	return 0;
}

void fs_procfs_exit(void)
{
	if (!fs_schedstat_pde)
		return;
	fs_procfs_restore();
	fs_schedstat_pde = NULL;
	path_put(&fs_schedstat_path);
}

int fs_procfs_install(void)
{
	WRITE_ONCE(fs_schedstat_pde->proc_ops, &fs_schedstat_proc_ops);
	fs_installed = true;
	return fs_drain() ? 0 : -EBUSY;
}

void fs_procfs_restore(void)
{
	if (!fs_installed)
		return;
	WRITE_ONCE(fs_schedstat_pde->proc_ops, fs_vmlinux_proc_ops);
	fs_installed = false;
	fs_drain();
}
