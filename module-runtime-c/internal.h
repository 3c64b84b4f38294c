/* SPDX-License-Identifier: GPL-2.0 */
/* Declarations shared by the runtime's files; nothing here is for module code. */
#ifndef _FOOSCHED_INTERNAL_H
#define _FOOSCHED_INTERNAL_H

#include <linux/types.h>
#include <foosched/table.h>
#include <foosched/hooks.h>

struct task_struct;

/*
 * The word the dmesg metric lines start with, as "scheduler" in the seed's
 * "scheduler load: ..." lines.  Defaults to the module name; a build may
 * pass -DFOOSCHED_LOG_NAME='"scheduler"'.
 */
#ifndef FOOSCHED_LOG_NAME
#define FOOSCHED_LOG_NAME KBUILD_MODNAME
#endif

/* Measurements of one switch, printed by metrics.c. */
struct fs_times {
	unsigned int nr_cpus;
	unsigned int nr_threads;
	u64 stop_machine_ns;	/* the stop_machine() call, seen by the caller */
	u64 handler_ns;		/* the handler on the CPU that wrote the text */
	u64 stack_ns;		/* handler entry until every CPU finished its stack share */
};

/* core.c */
int fs_set_enabled(bool enable);

/* symbols.c: is every resolved vmlinux address what it claims to be? */
int fs_symbols_verify(void);

/* patch.c: the redirect table, its checks, and the text writes */
int fs_patch_init(void);
void fs_patch_exit(void);
int fs_patch_check(bool enable);	/* cpus_read_lock + text_mutex held */
int fs_patch_apply(bool enable);	/* inside stop_machine, one CPU */
void fs_patch_report_apply_error(bool enable);
bool fs_patch_is_redirected(unsigned int i);

/* stack.c: the stack check, split over all CPUs inside stop_machine */
int fs_stack_init(void);
void fs_stack_exit(void);
void fs_stack_prepare(bool enable, struct task_struct *initiator);
/* Checks share @idx of @nr; returns the number of threads checked, sets busy. */
unsigned int fs_stack_check_share(unsigned int idx, unsigned int nr);
bool fs_stack_busy(void);
void fs_stack_report_busy(bool enable);

/* transition.c: stop_machine orchestration */
int fs_transition_run(bool enable, struct fs_times *times);

/* metrics.c: the seed-format dmesg lines */
void fs_metrics_hello(void);
void fs_metrics_init_time(u64 ns);
void fs_metrics_begin(bool enable);
void fs_metrics_report(bool enable, const struct fs_times *t, u64 all_ns);
void fs_metrics_failed(bool enable, int err);
void fs_metrics_bye(void);

/* sysfs.c: /sys/kernel/foosched/<module>/ */
int fs_sysfs_init(void);
void fs_sysfs_exit(void);

#endif /* _FOOSCHED_INTERNAL_H */
