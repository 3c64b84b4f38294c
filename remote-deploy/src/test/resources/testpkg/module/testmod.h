/* SPDX-License-Identifier: GPL-2.0 */
#ifndef FS_TESTMOD_H
#define FS_TESTMOD_H

#include <linux/types.h>

/* What one stop_machine pass measured; times in nanoseconds. */
struct stop_result {
	u64 stop_machine_ns;	/* the whole stop_machine() call, as the caller saw it */
	u64 handler_ns;		/* the slowest CPU's time inside the handler */
	u64 check_ns;		/* the slowest CPU's time checking its share of threads */
	unsigned int cpus;	/* CPUs that ran the handler */
	unsigned int threads;	/* threads checked, summed over CPUs */
	unsigned int bad_sp;	/* threads whose saved stack pointer is off their stack */
};

int stopcheck_run(struct stop_result *res);

int testmod_sysfs_init(void);
void testmod_sysfs_exit(void);

void report_init_time(u64 ns);
void report_pass(const char *phase, const struct stop_result *res, u64 all_ns);

#endif
