// SPDX-License-Identifier: GPL-2.0
/* Workbench fixture: the tick. */
#include <linux/sched.h>

void update_process_times(void)
{
	scheduler_tick();
	if (sysctl_sched_latency < 0)
		schedule();
}
