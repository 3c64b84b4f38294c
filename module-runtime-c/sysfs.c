// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/foosched/<module>/
 *	enable				1: the module's functions are live; 0: vmlinux's.
 *					Writing switches (errors: EBUSY stack busy, ...).
 *	functions/<name>,<sympos>	one per redirected vmlinux function, for
 *					other tools' conflict checks: "offset=5 redirected=1"
 *
 * /sys/kernel/foosched itself is shared by every foosched module loaded:
 * the first creates it, later ones take a reference on it, the last
 * reference removes it (the kobject belongs to the kernel's dynamic
 * kobject type, so it does not live in any one module's memory).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/kernfs.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/sysfs.h>
#include "internal.h"

#define FS_SYSFS_ROOT "foosched"

struct fs_func_attr {
	struct kobj_attribute attr;
	unsigned int idx;
	char name[];
};

static struct kobject *fs_root;
static struct kobject *fs_mod_kobj;
static struct kobject *fs_funcs_kobj;
static struct fs_func_attr **fs_func_attrs;

static ssize_t enable_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%d\n", foosched_is_enabled());
}

static ssize_t enable_store(struct kobject *kobj, struct kobj_attribute *attr,
			    const char *buf, size_t count)
{
	bool enable;
	int err;

	err = kstrtobool(buf, &enable);
	if (err)
		return err;
	err = fs_set_enabled(enable);
	return err ? err : count;
}

static struct kobj_attribute fs_enable_attr = __ATTR_RW_MODE(enable, 0600);

static ssize_t fs_func_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	struct fs_func_attr *fa = container_of(attr, struct fs_func_attr, attr);

	return sysfs_emit(buf, "offset=%u redirected=%d\n",
			  foosched_redirects[fa->idx].patch_off,
			  fs_patch_is_redirected(fa->idx));
}

/* Find /sys/kernel/foosched if another foosched module made it, else make it. */
static struct kobject *fs_root_get(void)
{
	struct kernfs_node *kn;
	struct kobject *kobj = NULL;

	kn = kernfs_find_and_get(kernel_kobj->sd, FS_SYSFS_ROOT);
	if (kn) {
		/* A sysfs directory's kernfs node points at its kobject. */
		if (kernfs_type(kn) == KERNFS_DIR && kn->priv)
			kobj = kobject_get_unless_zero(kn->priv);
		kernfs_put(kn);
		if (kobj)
			return kobj;
		/* Being removed by the last other user right now. */
		return ERR_PTR(-EAGAIN);
	}
	kobj = kobject_create_and_add(FS_SYSFS_ROOT, kernel_kobj);
	return kobj ? kobj : ERR_PTR(-ENOMEM);
}

static void fs_func_attrs_free(void)
{
	unsigned int i;

	if (!fs_func_attrs)
		return;
	for (i = 0; i < foosched_nr_redirects; i++) {
		if (fs_func_attrs[i] && fs_funcs_kobj)
			sysfs_remove_file(fs_funcs_kobj, &fs_func_attrs[i]->attr.attr);
		kfree(fs_func_attrs[i]);
	}
	kfree(fs_func_attrs);
	fs_func_attrs = NULL;
}

static int fs_func_attrs_add(void)
{
	unsigned int i;
	int err;

	fs_func_attrs = kcalloc(max(foosched_nr_redirects, 1U), sizeof(*fs_func_attrs), GFP_KERNEL);
	if (!fs_func_attrs)
		return -ENOMEM;
	for (i = 0; i < foosched_nr_redirects; i++) {
		const struct foosched_redirect *r = &foosched_redirects[i];
		size_t len = strlen(r->name) + 12;
		struct fs_func_attr *fa = kzalloc(sizeof(*fa) + len, GFP_KERNEL);

		if (!fa)
			return -ENOMEM;
		snprintf(fa->name, len, "%s,%u", r->name, r->sympos);
		sysfs_attr_init(&fa->attr.attr);
		fa->attr.attr.name = fa->name;
		fa->attr.attr.mode = 0444;
		fa->attr.show = fs_func_show;
		fa->idx = i;
		err = sysfs_create_file(fs_funcs_kobj, &fa->attr.attr);
		if (err) {
			kfree(fa);
			return err;
		}
		fs_func_attrs[i] = fa;
	}
	return 0;
}

int fs_sysfs_init(void)
{
	int err;

	fs_root = fs_root_get();
	if (IS_ERR(fs_root)) {
		err = PTR_ERR(fs_root);
		fs_root = NULL;
		pr_err("cannot use /sys/kernel/%s (%d)\n", FS_SYSFS_ROOT, err);
		return err;
	}
	fs_mod_kobj = kobject_create_and_add(KBUILD_MODNAME, fs_root);
	if (!fs_mod_kobj) {
		err = -ENOMEM;
		goto fail;
	}
	err = sysfs_create_file(fs_mod_kobj, &fs_enable_attr.attr);
	if (err)
		goto fail;
	fs_funcs_kobj = kobject_create_and_add("functions", fs_mod_kobj);
	if (!fs_funcs_kobj) {
		err = -ENOMEM;
		goto fail;
	}
	err = fs_func_attrs_add();
	if (err)
		goto fail;
	return 0;

fail:
	pr_err("cannot create /sys/kernel/%s/%s (%d)\n", FS_SYSFS_ROOT, KBUILD_MODNAME, err);
	fs_sysfs_exit();
	return err;
}

void fs_sysfs_exit(void)
{
	fs_func_attrs_free();
	kobject_put(fs_funcs_kobj);
	fs_funcs_kobj = NULL;
	kobject_put(fs_mod_kobj);
	fs_mod_kobj = NULL;
	kobject_put(fs_root);
	fs_root = NULL;
}
