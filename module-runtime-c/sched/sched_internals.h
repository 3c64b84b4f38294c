/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler's internals as the glue sees them: the module's own
 * kernel/sched/sched.h (the extracted, possibly edited copy), preceded by
 * the headers the scheduler's units include before it (sched.h is not
 * self-contained; build_policy.c's list is the reference).
 */
#ifndef _FOOSCHED_SCHED_INTERNALS_H
#define _FOOSCHED_SCHED_INTERNALS_H

#include <linux/sched/clock.h>
#include <linux/sched/cputime.h>
#include <linux/sched/hotplug.h>
#include <linux/sched/posix-timers.h>
#include <linux/sched/rt.h>
#include <linux/psi.h>
#include <linux/seqlock_api.h>
#include <linux/slab.h>
#include <uapi/linux/sched/types.h>
#include "../sched.h"

#endif /* _FOOSCHED_SCHED_INTERNALS_H */
