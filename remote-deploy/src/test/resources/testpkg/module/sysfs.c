// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/foosched/<module>/enable: the flag deploy tools poll to learn
 * that the module finished loading. It reads 1 for as long as we are loaded.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kobject.h>
#include <linux/sysfs.h>
#include <linux/module.h>
#include "testmod.h"

static struct kobject *foosched_kobj;
static struct kobject *module_kobj;

static ssize_t enable_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "1\n");
}

static struct kobj_attribute enable_attr = __ATTR_RO(enable);

static struct attribute *testmod_attrs[] = {
	&enable_attr.attr,
	NULL,
};

static const struct attribute_group testmod_group = {
	.attrs = testmod_attrs,
};

int testmod_sysfs_init(void)
{
	int ret;

	/*
	 * /sys/kernel/foosched is shared by every foosched module; only one may
	 * be loaded at a time, so an existing directory means another one is.
	 */
	foosched_kobj = kobject_create_and_add("foosched", kernel_kobj);
	if (!foosched_kobj) {
		pr_err("cannot create /sys/kernel/foosched (another foosched module loaded?)\n");
		return -EEXIST;
	}
	module_kobj = kobject_create_and_add(KBUILD_MODNAME, foosched_kobj);
	if (!module_kobj) {
		ret = -ENOMEM;
		goto put_root;
	}
	ret = sysfs_create_group(module_kobj, &testmod_group);
	if (ret)
		goto put_module;
	return 0;

put_module:
	kobject_put(module_kobj);
put_root:
	kobject_put(foosched_kobj);
	return ret;
}

void testmod_sysfs_exit(void)
{
	sysfs_remove_group(module_kobj, &testmod_group);
	kobject_put(module_kobj);
	kobject_put(foosched_kobj);
}
