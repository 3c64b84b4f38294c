/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Declarations shared by the scheduler glue's files (module-runtime-c/sched/).
 * The glue implements the runtime's hooks (include/foosched/hooks.h) for
 * the extracted scheduler; hooks.c calls the parts below in order.
 */
#ifndef _FOOSCHED_SCHED_INTERNAL_H
#define _FOOSCHED_SCHED_INTERNAL_H

#include <linux/types.h>

/* springboard.c: live check of vmlinux's __schedule tail, stack allow-list */
int fs_sb_init(void);

/* rebuild.c: dequeue with the old code, enqueue with the new, per CPU */
int fs_rebuild_prepare(void);
void fs_rebuild_before(int cpu);
void fs_rebuild_after(int cpu);
void fs_rebuild_finish(bool enable, int err);

/* callbacks.c: balance callbacks left queued across the switch */
void fs_callbacks_reset(void);
void fs_callbacks_report(bool enable);

/* bandwidth.c: CFS/RT bandwidth timers the switch must leave running */
void fs_bandwidth_check(bool enable);

/* files.c: open files that hold the module's objects */
int fs_files_init(void);
void fs_files_exit(void);
int fs_files_prepare(bool enable);
void fs_files_finish(bool enable, int err);
bool fs_gate_enter(void);	/* true: the open may use the module's objects (counted) */
void fs_gate_leave(void);	/* a counted file was closed, or its open failed */

/* debugfs.c: /sys/kernel/debug/sched/{features,debug} */
int fs_debugfs_init(void);
void fs_debugfs_exit(void);
int fs_debugfs_install(void);
void fs_debugfs_restore(void);

/* procfs.c: /proc/schedstat */
int fs_procfs_init(void);
void fs_procfs_exit(void);
int fs_procfs_install(void);
void fs_procfs_restore(void);

#endif /* _FOOSCHED_SCHED_INTERNAL_H */
