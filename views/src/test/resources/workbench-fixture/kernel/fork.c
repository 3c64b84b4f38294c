// SPDX-License-Identifier: GPL-2.0
/* Workbench fixture: kernel code outside the scheduler that creates tasks. */
#include <linux/sched.h>

struct task_struct child_task;

int copy_process(struct task_struct *p)
{
	return sched_fork(p);
}

int kernel_clone(void)
{
	int err = copy_process(&child_task);

	if (!err)
		wake_up_new_task(&child_task);
	return err;
}
