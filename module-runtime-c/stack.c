// SPDX-License-Identifier: GPL-2.0
/*
 * The stack check: no task may be inside code that is about to stop being
 * used, or it would later return into it (vmlinux functions on enable,
 * whose first bytes become a jump; the module's text on disable, which
 * rmmod then frees).
 *
 * It runs inside stop_machine, every online CPU taking a share of all
 * threads (index modulo number of CPUs) plus its own idle task and its own
 * current (the stopper).  Nothing runs but the stoppers, so every other
 * task's stack is frozen and walked with the reliable unwinder (ORC); a
 * trace it cannot vouch for counts as busy.  Busy aborts the whole switch.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include "internal.h"
#include "vmlinux.h"

#define FS_STACK_DEPTH		128
#define FS_ALLOW_MAX		16

/* A code range that must not be on any stack: busy when start < addr <= end. */
struct fs_range {
	unsigned long start;
	unsigned long end;
	int func;		/* redirect index, or -1 for the module's text */
};

struct fs_stack_buf {
	unsigned long entries[FS_STACK_DEPTH];
};

/* Who was found busy first, reported after stop_machine (printing inside it would stretch the stop). */
struct fs_busy {
	atomic_t found;
	pid_t pid;
	char comm[TASK_COMM_LEN];
	unsigned long addr;
	int func;
	int trace_err;		/* the unwinder could not vouch for the trace */
};

static struct fs_range *fs_enable_ranges;
static unsigned int fs_nr_enable_ranges;
static struct fs_range fs_module_range;

static unsigned long fs_allow[FS_ALLOW_MAX];
static unsigned int fs_allow_when[FS_ALLOW_MAX];
static unsigned int fs_nr_allow;

static struct fs_stack_buf __percpu *fs_bufs;
static struct fs_busy fs_busy;

/* Set by fs_stack_prepare() for the switch about to run. */
static const struct fs_range *fs_ranges;
static unsigned int fs_nr_ranges;
static unsigned int fs_allow_mask;
static struct task_struct *fs_initiator;

int foosched_stack_allow(unsigned long ret_addr, unsigned int when)
{
	unsigned int i;

	for (i = 0; i < fs_nr_allow; i++) {
		if (fs_allow[i] == ret_addr) {
			fs_allow_when[i] |= when;
			return 0;
		}
	}
	if (fs_nr_allow == FS_ALLOW_MAX)
		return -ENOSPC;
	fs_allow[fs_nr_allow] = ret_addr;
	fs_allow_when[fs_nr_allow] = when;
	fs_nr_allow++;
	return 0;
}

static int fs_range_cmp(const void *a, const void *b)
{
	const struct fs_range *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

int fs_stack_init(void)
{
	unsigned int i, n = 0;

	fs_enable_ranges = kcalloc(2 * foosched_nr_redirects + 1, sizeof(*fs_enable_ranges), GFP_KERNEL);
	fs_bufs = alloc_percpu(struct fs_stack_buf);
	if (!fs_enable_ranges || !fs_bufs) {
		fs_stack_exit();
		return -ENOMEM;
	}
	for (i = 0; i < foosched_nr_redirects; i++) {
		const struct foosched_redirect *r = &foosched_redirects[i];

		/*
		 * Returning to entry+off (or being interrupted there) is fine:
		 * the next instruction fetched is our jump, or after a disable
		 * the original code.  Anything beyond it is not.
		 */
		fs_enable_ranges[n++] = (struct fs_range){
			r->old_addr + r->patch_off, r->old_addr + r->old_size, i };
		if (r->cold_addr)
			fs_enable_ranges[n++] = (struct fs_range){
				r->cold_addr, r->cold_addr + r->cold_size, i };
	}
	sort(fs_enable_ranges, n, sizeof(*fs_enable_ranges), fs_range_cmp, NULL);
	fs_nr_enable_ranges = n;

	/* On disable every byte of the module's text is about to be freed. */
	fs_module_range.start = (unsigned long)THIS_MODULE->core_layout.base;
	fs_module_range.end = fs_module_range.start + THIS_MODULE->core_layout.text_size;
	fs_module_range.func = -1;
	return 0;
}

void fs_stack_exit(void)
{
	kfree(fs_enable_ranges);
	fs_enable_ranges = NULL;
	free_percpu(fs_bufs);
	fs_bufs = NULL;
	fs_nr_allow = 0;
}

void fs_stack_prepare(bool enable, struct task_struct *initiator)
{
	if (enable) {
		fs_ranges = fs_enable_ranges;
		fs_nr_ranges = fs_nr_enable_ranges;
	} else {
		fs_ranges = &fs_module_range;
		fs_nr_ranges = 1;
	}
	fs_allow_mask = enable ? FOOSCHED_ON_ENABLE : FOOSCHED_ON_DISABLE;
	fs_initiator = initiator;
	atomic_set(&fs_busy.found, 0);
}

/* The range holding @addr, or NULL (binary search over sorted, disjoint ranges). */
static const struct fs_range *fs_find_range(unsigned long addr)
{
	unsigned int lo = 0, hi = fs_nr_ranges;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (fs_ranges[mid].start < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* lo: first range with start >= addr; the candidate is the one before. */
	if (lo == 0 || addr > fs_ranges[lo - 1].end)
		return NULL;
	return &fs_ranges[lo - 1];
}

static bool fs_allowed(unsigned long addr)
{
	unsigned int i;

	for (i = 0; i < fs_nr_allow; i++)
		if (fs_allow[i] == addr && (fs_allow_when[i] & fs_allow_mask))
			return true;
	return false;
}

static void fs_mark_busy(struct task_struct *t, unsigned long addr, int func, int trace_err)
{
	if (atomic_cmpxchg(&fs_busy.found, 0, 1) != 0)
		return;
	fs_busy.pid = t->pid;
	memcpy(fs_busy.comm, t->comm, TASK_COMM_LEN);
	fs_busy.comm[TASK_COMM_LEN - 1] = '\0';
	fs_busy.addr = addr;
	fs_busy.func = func;
	fs_busy.trace_err = trace_err;
}

static void fs_check_task(struct task_struct *t, unsigned long *entries)
{
	const struct fs_range *range;
	int nr, i;

	nr = fs_stack_trace_save_tsk_reliable(t, entries, FS_STACK_DEPTH);
	if (nr < 0) {
		fs_mark_busy(t, 0, -1, nr);
		return;
	}
	for (i = 0; i < nr; i++) {
		range = fs_find_range(entries[i]);
		if (range && !fs_allowed(entries[i])) {
			fs_mark_busy(t, entries[i], range->func, 0);
			return;
		}
	}
}

unsigned int fs_stack_check_share(unsigned int idx, unsigned int nr)
{
	unsigned long *entries = this_cpu_ptr(fs_bufs)->entries;
	struct task_struct *g, *t;
	unsigned int i = 0, checked = 0;

	/*
	 * Interrupts are off on every CPU and all of them are in stop_machine:
	 * nobody can be adding or removing tasks, so the list is stable
	 * without tasklist_lock.
	 */
	for_each_process_thread(g, t) {
		if (i++ % nr != idx)
			continue;
		/* Running now means being a stopper: its own CPU checks it as current. */
		if (t == fs_initiator || READ_ONCE(t->on_cpu))
			continue;
		fs_check_task(t, entries);
		checked++;
	}
	fs_check_task(fs_idle_task(smp_processor_id()), entries);
	/*
	 * This CPU's stopper: on enable its frames must be outside the
	 * vmlinux functions like everyone's; on disable its only frames in
	 * the module's text are this handler's own, which return before
	 * anything is freed.
	 */
	if (fs_allow_mask == FOOSCHED_ON_ENABLE)
		fs_check_task(current, entries);
	return checked + 2;
}

bool fs_stack_busy(void)
{
	return atomic_read(&fs_busy.found);
}

void fs_stack_report_busy(bool enable)
{
	const char *op = enable ? "enable" : "disable";

	if (!atomic_read(&fs_busy.found))
		return;
	if (fs_busy.trace_err) {
		pr_warn("%s: busy: the stack of %s[%d] cannot be walked reliably (%d); try again\n",
			op, fs_busy.comm, fs_busy.pid, fs_busy.trace_err);
	} else if (fs_busy.func >= 0) {
		const struct foosched_redirect *r = &foosched_redirects[fs_busy.func];

		pr_warn("%s: busy: %s[%d] is inside %s,%u (%pS); try again\n",
			op, fs_busy.comm, fs_busy.pid, r->name, r->sympos, (void *)fs_busy.addr);
	} else {
		pr_warn("%s: busy: %s[%d] is inside this module's code (%pS); try again\n",
			op, fs_busy.comm, fs_busy.pid, (void *)fs_busy.addr);
	}
}
