// SPDX-License-Identifier: GPL-2.0
/*
 * One switch between vmlinux's functions and the module's, as a single
 * stop_machine on all online CPUs, in phases separated by barriers:
 *
 *   1. every CPU checks its share of the stacks          -> busy: all abort
 *   2. every CPU runs foosched_hook_cpu_before()
 *   3. the first CPU to arrive writes every jump (or restores every
 *      original) and runs foosched_hook_master()
 *   4. every CPU serialises its instruction stream and runs
 *      foosched_hook_cpu_after()
 *
 * Lock order matches the kernel's other text writers (kprobes, jump
 * labels): cpus_read_lock, then text_mutex, then stop_machine_cpuslocked.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/cpu.h>
#include <linux/cpumask.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/stop_machine.h>
#include "arch.h"
#include "internal.h"
#include "vmlinux.h"

enum fs_phase {
	FS_PHASE_STACK,
	FS_PHASE_BEFORE,
	FS_PHASE_WRITE,
	FS_PHASE_AFTER,
	FS_NR_PHASES,
};

struct fs_transition {
	bool enable;
	unsigned int nr_cpus;
	atomic_t ticket;
	atomic_t arrived[FS_NR_PHASES];
	atomic_t nr_threads;
	int apply_err;
	/* the writing CPU's clock */
	u64 t_enter;
	u64 t_stack_done;
	u64 t_exit;
};

/* Wait until every CPU has finished @phase. */
static void fs_barrier(struct fs_transition *tr, enum fs_phase phase)
{
	atomic_inc(&tr->arrived[phase]);
	while (atomic_read(&tr->arrived[phase]) < tr->nr_cpus)
		cpu_relax();
}

static int fs_stop_handler(void *data)
{
	struct fs_transition *tr = data;
	unsigned int idx = atomic_inc_return(&tr->ticket) - 1;
	bool master = idx == 0;
	int cpu = smp_processor_id();
	bool enable = tr->enable;
	int err;

	if (master)
		tr->t_enter = ktime_get_ns();

	atomic_add(fs_stack_check_share(idx, tr->nr_cpus), &tr->nr_threads);
	fs_barrier(tr, FS_PHASE_STACK);
	if (master)
		tr->t_stack_done = ktime_get_ns();
	/* Every CPU has passed the barrier, so all of them see the same verdict. */
	if (fs_stack_busy()) {
		if (master)
			tr->t_exit = ktime_get_ns();
		return -EBUSY;
	}

	foosched_hook_cpu_before(enable, cpu);
	fs_barrier(tr, FS_PHASE_BEFORE);

	if (master) {
		tr->apply_err = fs_patch_apply(enable);
		if (!tr->apply_err)
			foosched_hook_master(enable);
	}
	fs_barrier(tr, FS_PHASE_WRITE);

	/* Other CPUs may hold stale prefetched copies of the rewritten bytes. */
	fs_arch_sync_core();
	err = READ_ONCE(tr->apply_err);
	/* On a failed write the old code stays live: rebuild for that one. */
	foosched_hook_cpu_after(err ? !enable : enable, cpu);
	fs_barrier(tr, FS_PHASE_AFTER);

	if (master)
		tr->t_exit = ktime_get_ns();
	return err;
}

int fs_transition_run(bool enable, struct fs_times *times)
{
	struct fs_transition tr = { .enable = enable };
	int err, i;
	u64 t0;

	atomic_set(&tr.ticket, 0);
	atomic_set(&tr.nr_threads, 0);
	for (i = 0; i < FS_NR_PHASES; i++)
		atomic_set(&tr.arrived[i], 0);

	cpus_read_lock();
	mutex_lock(&fs_text_mutex);

	err = fs_patch_check(enable);
	if (!err) {
		tr.nr_cpus = num_online_cpus();
		fs_stack_prepare(enable, current);
		t0 = ktime_get_ns();
		err = fs_stop_machine_cpuslocked(fs_stop_handler, &tr, cpu_online_mask);
		times->stop_machine_ns = ktime_get_ns() - t0;
		times->handler_ns = tr.t_exit - tr.t_enter;
		times->stack_ns = tr.t_stack_done - tr.t_enter;
		times->nr_cpus = tr.nr_cpus;
		times->nr_threads = atomic_read(&tr.nr_threads);
	}

	mutex_unlock(&fs_text_mutex);
	cpus_read_unlock();

	if (err == -EBUSY)
		fs_stack_report_busy(enable);
	else if (err == -EIO)
		fs_patch_report_apply_error(enable);
	return err;
}
