// SPDX-License-Identifier: GPL-2.0
/* Workbench fixture: boot (init code) and the idle loop. */
#include <linux/sched.h>

struct task_struct init_task;

void __init start_kernel(void)
{
	sched_init();
	wake_up_new_task(&init_task);
}

void cpu_idle_loop(void)
{
	for (;;)
		schedule();
}
