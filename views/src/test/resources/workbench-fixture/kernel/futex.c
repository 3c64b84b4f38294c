// SPDX-License-Identifier: GPL-2.0
/* Workbench fixture: futex wake-ups go through a wake queue. */
#include <linux/sched.h>

void futex_wake(struct task_struct *p)
{
	struct wake_q_head q = { .first = 0, .lastp = &q.first };

	wake_q_add(&q, p);
	wake_up_q(&q);
}
