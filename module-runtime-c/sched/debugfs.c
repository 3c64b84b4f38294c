// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/sched/features and /sys/kernel/debug/sched/debug while
 * the module is enabled.
 *
 * vmlinux created both files at boot with its private sched_feat_fops and
 * sched_debug_fops.  A debugfs file calls through the "real" fops that its
 * dentry's d_fsdata holds (a struct debugfs_fsdata once the file was first
 * opened; every proxied call re-reads it), so the module takes the files
 * over by storing its own fops there, and gives them back by storing
 * vmlinux's:
 *
 *   features  the module's sched_feat_fops: its open and write reach the
 *             module's sched_feat_names/sysctl_sched_features/
 *             sched_feat_keys (private to the module), so a feature the
 *             module adds is listed and can be switched while it is loaded
 *             and is gone after;
 *   debug     the module's sched_debug_fops with open/release that count
 *             the files opened with the module's sched_debug_sops (files.c).
 *
 * Ordering.  Taking over happens before the module's code goes live and
 * waits until no debugfs call that may have read vmlinux's fops is in
 * flight (the file's active_users back to its idle 1): such an open could
 * otherwise reach the module's sched_debug_open through vmlinux's
 * redirected entry after the switch and get the module's seq_operations
 * uncounted.  Giving back happens after the module's code stopped being
 * live and waits the same way, so no call through the module's fops is in
 * flight when rmmod may follow; the module's exit also waits for an RCU
 * tasks grace period for the release path, which debugfs does not count.
 *
 * struct debugfs_fsdata is private to fs/debugfs; the build copies the
 * release's fs/debugfs/internal.h next to this file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/refcount.h>
#include <linux/seq_file.h>
#include "kernel/debugfs_internal.h"
#include "foosched_sched_layout.h"
#include "internal.h"

/* vmlinux's objects: the files' fops and the debug file's seq_operations */
extern const struct file_operations fs_vmlinux_sched_feat_fops __asm__(FOOSCHED_SYM_SCHED_FEAT_FOPS);
extern const struct file_operations fs_vmlinux_sched_debug_fops __asm__(FOOSCHED_SYM_SCHED_DEBUG_FOPS);
extern const struct seq_operations fs_vmlinux_sched_debug_sops __asm__(FOOSCHED_SYM_SCHED_DEBUG_SOPS);

/* the module's (static objects of debug.c, reached through aliases the build appends) */
extern const struct file_operations foosched_mod_sched_feat_fops;
extern const struct file_operations foosched_mod_sched_debug_fops;
extern const struct seq_operations foosched_mod_sched_debug_sops;

#define FS_DRAIN_MS	1000

struct fs_debugfs_file {
	const char *name;
	struct dentry *dentry;
	struct debugfs_fsdata *fsd;
	const struct file_operations *vmlinux_fops;
	const struct file_operations *module_fops;
	bool installed;
};

static struct file_operations fs_debug_fops;

static struct fs_debugfs_file fs_files[] = {
	{ .name = "features", .vmlinux_fops = &fs_vmlinux_sched_feat_fops,
	  .module_fops = &foosched_mod_sched_feat_fops },
	{ .name = "debug", .vmlinux_fops = &fs_vmlinux_sched_debug_fops,
	  .module_fops = &fs_debug_fops },
};

static struct dentry *fs_sched_dir;

static int fs_debug_open(struct inode *inode, struct file *filp)
{
	bool mod = fs_gate_enter();
	int err;

	err = seq_open(filp, mod ? &foosched_mod_sched_debug_sops : &fs_vmlinux_sched_debug_sops);
	if (err && mod)
		fs_gate_leave();
	return err;
}

static int fs_debug_release(struct inode *inode, struct file *filp)
{
	struct seq_file *m = filp->private_data;
	bool mod = m->op == &foosched_mod_sched_debug_sops;
	int err = seq_release(inode, filp);

	if (mod)
		fs_gate_leave();
	return err;
}

/* Wait until no proxied call is running on @f (active_users back to 1). */
static bool fs_drain(struct fs_debugfs_file *f)
{
	int ms;

	for (ms = 0; ms < FS_DRAIN_MS; ms++) {
		if (refcount_read(&f->fsd->active_users) <= 1)
			return true;
		msleep(1);
	}
	pr_warn("/sys/kernel/debug/sched/%s: calls still running after %d ms\n", f->name, FS_DRAIN_MS);
	return false;
}

static int fs_file_init(struct fs_debugfs_file *f)
{
	void *d_fsd;
	int err;

	f->dentry = debugfs_lookup(f->name, fs_sched_dir);
	if (!f->dentry) {
		pr_err("/sys/kernel/debug/sched/%s does not exist\n", f->name);
		return -ENOENT;
	}
	/* The first debugfs_file_get() turns d_fsdata into a debugfs_fsdata for good. */
	err = debugfs_file_get(f->dentry);
	if (err)
		return err;
	debugfs_file_put(f->dentry);
	d_fsd = READ_ONCE(f->dentry->d_fsdata);
	if ((unsigned long)d_fsd & DEBUGFS_FSDATA_IS_REAL_FOPS_BIT)
		return -EINVAL;
	f->fsd = d_fsd;
	if (READ_ONCE(f->fsd->real_fops) != f->vmlinux_fops) {
		pr_err("/sys/kernel/debug/sched/%s does not use vmlinux's fops (%ps); another module took it over?\n",
		       f->name, f->fsd->real_fops);
		return -EBUSY;
	}
	return 0;
}

int fs_debugfs_init(void)
{
	unsigned int i;
	int err = 0;

	fs_debug_fops = foosched_mod_sched_debug_fops;
	fs_debug_fops.open = fs_debug_open;
	fs_debug_fops.release = fs_debug_release;

	fs_sched_dir = debugfs_lookup("sched", NULL);
	if (!fs_sched_dir) {
		pr_err("/sys/kernel/debug/sched does not exist\n");
		return -ENOENT;
	}
	for (i = 0; i < ARRAY_SIZE(fs_files) && !err; i++)
		err = fs_file_init(&fs_files[i]);
	if (err)
		fs_debugfs_exit();
	return err;
}

void fs_debugfs_exit(void)
{
	unsigned int i;

	fs_debugfs_restore();
	for (i = 0; i < ARRAY_SIZE(fs_files); i++) {
		dput(fs_files[i].dentry);
		fs_files[i].dentry = NULL;
		fs_files[i].fsd = NULL;
	}
	dput(fs_sched_dir);
	fs_sched_dir = NULL;
}

int fs_debugfs_install(void)
{
	unsigned int i;
	bool drained = true;

	for (i = 0; i < ARRAY_SIZE(fs_files); i++) {
		WRITE_ONCE(fs_files[i].fsd->real_fops, fs_files[i].module_fops);
		fs_files[i].installed = true;
	}
	for (i = 0; i < ARRAY_SIZE(fs_files); i++)
		drained &= fs_drain(&fs_files[i]);
	return drained ? 0 : -EBUSY;
}

void fs_debugfs_restore(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(fs_files); i++) {
		if (!fs_files[i].installed)
			continue;
		WRITE_ONCE(fs_files[i].fsd->real_fops, fs_files[i].vmlinux_fops);
		fs_files[i].installed = false;
		fs_drain(&fs_files[i]);
	}
}
