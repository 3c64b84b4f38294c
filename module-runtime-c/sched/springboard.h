/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The __schedule springboard, as seen from the scheduler's core.c.
 *
 * foosched build includes this header at the top of the build copy of
 * core.c and replaces context_switch()'s "switch_to(prev, next, prev);"
 * with "foosched_switch_to(prev, next, prev);".
 *
 * Why: a task that the module's __schedule switches out must not sleep with
 * a return address in the module (rmmod would free it under the task), and
 * a task that vmlinux's __schedule switched out before the load resumes in
 * vmlinux's __schedule anyway.  So the module's __schedule does everything up
 * to the switch with its own code, then continues inside vmlinux's
 * __schedule at the call to __switch_to_asm, with a stack frame laid out
 * exactly like vmlinux's.  Every task, switched out before, during or after
 * the module's life, resumes in vmlinux's tail (finish_task_switch, which is
 * redirected to the module while it is enabled, then the epilogue).
 *
 * The layout numbers come from the release's -dbg vmlinux, measured by the
 * build (foosched_sched_layout.h); the build refuses a module whose
 * __schedule prologue or canary slot differs from vmlinux's.
 */
#ifndef _FOOSCHED_SCHED_SPRINGBOARD_H
#define _FOOSCHED_SCHED_SPRINGBOARD_H

#include "foosched_sched_layout.h"

#if defined(CONFIG_X86_64)
#include "x86/springboard.h"
#else
#error "foosched: the __schedule springboard has no port for this architecture yet"
#endif

#endif /* _FOOSCHED_SCHED_SPRINGBOARD_H */
