// SPDX-License-Identifier: GPL-2.0
/* Workbench fixture: kthread code calls wake_up_process, which the boundary leaves in vmlinux. */
#include <linux/sched.h>

int kthread_wake(struct task_struct *k)
{
	return wake_up_process(k);
}
