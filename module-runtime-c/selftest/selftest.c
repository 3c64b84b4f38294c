// SPDX-License-Identifier: GPL-2.0
/*
 * Self-test module for the foosched runtime: replacements for a few real,
 * harmless vmlinux functions whose effect userspace can see, plus debugfs
 * files that let the test script check what the runtime did.
 *
 * Which vmlinux functions are redirected to which of these is decided by
 * the generated table (selftest/<variant>.spec, gen-table.sh); every function
 * here has external linkage so any table can name it.
 *
 *   cmdline_proc_show       /proc/cmdline                 jump at +5 (fentry)
 *   enabled_show,2          /sys/kernel/mm/transparent_hugepage/enabled
 *                           (a static name five functions share: sympos)
 *   rb_simple_read          /sys/kernel/tracing/tracing_on (notrace: +0)
 *   __x64_sys_pause         pause(2): a task can sleep inside it, which is
 *                           how the tests make the stack check busy
 *
 * Every replacement tags its output with "[<module name>]".
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/debugfs.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/init.h>
#include <linux/interrupt.h>
#include <linux/kernel_stat.h>
#include <linux/kobject.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/sysfs.h>
#include <foosched/hooks.h>
#include "selftest_offsets.h"

#define MARK "[" KBUILD_MODNAME "]"

/* Not exported: resolved on the target from resolve.list (plain names, unique in vmlinux). */
struct trace_array;
int tracer_tracing_is_on(struct trace_array *tr);

/*
 * Per-cpu variables through the sympos convention: the resolver must give
 * them their per-cpu offset, not an address.  kstat is also exported, so
 * the kernel's loader resolves "kstat" itself: both must agree.
 */
extern struct kernel_stat selftest_kstat __asm__("foosched.vmlinux.0.kstat");
extern char selftest_runqueues[] __asm__("foosched.vmlinux.0.runqueues");

enum { CALL_CMDLINE, CALL_THP, CALL_TRACING_ON, CALL_PAUSE, NR_CALLS };
static atomic_t selftest_calls[NR_CALLS];

int selftest_cmdline_proc_show(struct seq_file *m, void *v)
{
	atomic_inc(&selftest_calls[CALL_CMDLINE]);
	seq_printf(m, "%s %s\n", MARK, saved_command_line);
	return 0;
}

ssize_t selftest_thp_enabled_show(struct kobject *kobj, struct kobj_attribute *attr, char *buf)
{
	const char *output;

	atomic_inc(&selftest_calls[CALL_THP]);
	if (test_bit(TRANSPARENT_HUGEPAGE_FLAG, &transparent_hugepage_flags))
		output = "[always] madvise never";
	else if (test_bit(TRANSPARENT_HUGEPAGE_REQ_MADV_FLAG, &transparent_hugepage_flags))
		output = "always [madvise] never";
	else
		output = "always madvise [never]";
	return sysfs_emit(buf, "%s %s\n", output, MARK);
}

ssize_t selftest_rb_simple_read(struct file *filp, char __user *ubuf, size_t cnt, loff_t *ppos)
{
	struct trace_array *tr = filp->private_data;
	char buf[64];
	int r;

	atomic_inc(&selftest_calls[CALL_TRACING_ON]);
	r = scnprintf(buf, sizeof(buf), "%d %s\n", tracer_tracing_is_on(tr), MARK);
	return simple_read_from_buffer(ubuf, cnt, ppos, buf, r);
}

long selftest_sys_pause(const struct pt_regs *regs)
{
	atomic_inc(&selftest_calls[CALL_PAUSE]);
	while (!signal_pending(current)) {
		__set_current_state(TASK_INTERRUPTIBLE);
		schedule();
	}
	return -ERESTARTNOHAND;
}

/* A target for tables that must be refused before anything runs. */
int selftest_never_called(void)
{
	WARN_ONCE(1, "a refused redirect was applied\n");
	return 0;
}

/* How often each hook ran, to prove they are wired and run on every CPU. */
static atomic_t hook_prepare, hook_before, hook_master, hook_after, hook_finish;

int foosched_hook_prepare(bool enable)
{
	atomic_inc(&hook_prepare);
	return 0;
}

void foosched_hook_cpu_before(bool enable, int cpu)
{
	atomic_inc(&hook_before);
}

void foosched_hook_master(bool enable)
{
	atomic_inc(&hook_master);
}

void foosched_hook_cpu_after(bool enable, int cpu)
{
	atomic_inc(&hook_after);
}

void foosched_hook_finish(bool enable, int err)
{
	atomic_inc(&hook_finish);
}

static int selftest_calls_show(struct seq_file *m, void *v)
{
	seq_printf(m, "cmdline=%d thp=%d tracing_on=%d pause=%d\n",
		   atomic_read(&selftest_calls[CALL_CMDLINE]), atomic_read(&selftest_calls[CALL_THP]),
		   atomic_read(&selftest_calls[CALL_TRACING_ON]), atomic_read(&selftest_calls[CALL_PAUSE]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(selftest_calls);

static int selftest_hooks_show(struct seq_file *m, void *v)
{
	seq_printf(m, "prepare=%d before=%d master=%d after=%d finish=%d\n",
		   atomic_read(&hook_prepare), atomic_read(&hook_before), atomic_read(&hook_master),
		   atomic_read(&hook_after), atomic_read(&hook_finish));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(selftest_hooks);

/*
 * The kernel's view of per-cpu data against the module's view through
 * resolved symbols: the same kstat offset as the exported one, each rq's
 * own cpu number, and this CPU's rq->curr being the reader.
 */
static int selftest_percpu_show(struct seq_file *m, void *v)
{
	struct task_struct *curr;
	int cpu;

	seq_printf(m, "kstat_offset_matches_export=%d\n",
		   (unsigned long)&selftest_kstat == (unsigned long)&kstat);
	preempt_disable();
	curr = *(struct task_struct **)(this_cpu_ptr(selftest_runqueues) + SELFTEST_RQ_OFF_CURR);
	preempt_enable();
	seq_printf(m, "rq_curr_is_reader=%d\n", curr == current);
	for_each_online_cpu(cpu)
		seq_printf(m, "cpu%d rq_cpu=%d timer_softirqs=%u\n", cpu,
			   *(int *)(per_cpu_ptr(selftest_runqueues, cpu) + SELFTEST_RQ_OFF_CPU),
			   per_cpu_ptr(&selftest_kstat, cpu)->softirqs[TIMER_SOFTIRQ]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(selftest_percpu);

static struct dentry *selftest_dir;

#ifdef SELFTEST_ALLOW_PAUSE_OFF
/*
 * The allow-list variant: a task asleep in vmlinux's pause(2) waits at the
 * return address after its call to schedule(), SELFTEST_ALLOW_PAUSE_OFF
 * bytes into the function (read from the -dbg vmlinux at build time).
 * Resuming there is safe: only bytes 5..9 of the function change, so the
 * task loops in vmlinux's unchanged code until a signal ends the call; the
 * scheduler registers __schedule's switch point the same way.
 */
extern char selftest_vm_pause[] __asm__("foosched.vmlinux.0.__x64_sys_pause");

static int selftest_allow(void)
{
	return foosched_stack_allow((unsigned long)selftest_vm_pause + SELFTEST_ALLOW_PAUSE_OFF,
				    FOOSCHED_ON_ENABLE);
}
#else
static int selftest_allow(void)
{
	return 0;
}
#endif

int foosched_hook_module_init(void)
{
	int err = selftest_allow();

	if (err)
		return err;
	selftest_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("calls", 0444, selftest_dir, NULL, &selftest_calls_fops);
	debugfs_create_file("hooks", 0444, selftest_dir, NULL, &selftest_hooks_fops);
	debugfs_create_file("percpu", 0444, selftest_dir, NULL, &selftest_percpu_fops);
	return 0;
}

void foosched_hook_module_exit(void)
{
	debugfs_remove_recursive(selftest_dir);
}
