// SPDX-License-Identifier: GPL-2.0
/*
 * Run-queue state rebuild across a switch.
 *
 * The run queues and the sched classes are vmlinux's objects, shared by both
 * versions of the code; the class methods point at vmlinux's entries, which
 * jump into the module while it is enabled.  So no class is swapped: every
 * CPU dequeues each task queued on its run queue through p->sched_class
 * before the jumps are written (the old code takes its tasks out and leaves
 * its aggregates empty), and enqueues them again afterwards (the new code
 * puts them back and rebuilds its own view: vruntime placement, RT lists,
 * DL tree, PELT and util_est sums, overload masks, cpupri/cpudl), with the
 * flags __sched_setscheduler() uses for a change that keeps the task
 * queued: DEQUEUE_SAVE | DEQUEUE_MOVE | DEQUEUE_NOCLOCK, then
 * ENQUEUE_RESTORE | ENQUEUE_MOVE | ENQUEUE_NOCLOCK.
 *
 * The queued tasks are found in the class queues themselves, not on the
 * thread list: an exiting task that release_task() already unhashed can
 * still be queued, and would be invisible to for_each_process_thread().
 *   RT   rq->rt.active, by priority, in list order (kept: FIFO order is
 *        policy);
 *   DL   rq->dl.root (a deadline-ordered tree, any order will do);
 *   CFS  rq->cfs_tasks, which holds every queued CFS task of the CPU, those
 *        in throttled groups too; dequeued rightmost vruntime first so that
 *        no cfs_rq's min_vruntime advances while its tasks come out (each
 *        task keeps its lag).
 * Not touched, and why:
 *   rq->curr is this CPU's stopper (stop class: no state but nr_running);
 *   rq->idle is never queued in a class;
 *   a throttled DL task is off the tree and out of nr_running, waiting for
 *   its replenishment timer (vmlinux's entry, valid for both codes);
 *   tasks on a wake list are not queued yet: they are enqueued later by
 *   whichever code is live then.
 * The wrapper-level state of enqueue_task()/dequeue_task() in core.c (psi,
 * sched_info, uclamp buckets, core-scheduling tree) belongs to the queued
 * tasks, not to a class; it is shared and stays as it is, which matches
 * tasks that stay queued.
 *
 * Check: after the dequeue the CPU must hold nothing but its stopper
 * (nr_running, cfs_tasks, RT and DL counts); after the enqueue nr_running
 * must be what it was.  Anything else is reported after stop_machine, by
 * CPU and class; tasks not found stay queued as the old code left them,
 * never lost.
 *
 * Offline CPUs are not in stop_machine and have nothing queued; the
 * runtime holds cpus_read_lock across the switch, so none comes or goes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "sched_internals.h"
#include <linux/sort.h>
#include <linux/vmalloc.h>
#include "internal.h"

#define FS_DEQUEUE_FLAGS	(DEQUEUE_SAVE | DEQUEUE_MOVE | DEQUEUE_NOCLOCK)
#define FS_ENQUEUE_FLAGS	(ENQUEUE_RESTORE | ENQUEUE_MOVE | ENQUEUE_NOCLOCK)

/* One CPU's part of the switch; written by that CPU only, read after stop_machine. */
struct fs_rq_rebuild {
	bool ran;
	unsigned int first;		/* its tasks: fs_tasks[first .. first + nr) */
	unsigned int nr;
	unsigned int found;		/* queued tasks found in the class queues */
	unsigned int nr_running_before;
	unsigned int nr_running_after;
	unsigned int left_cfs;		/* still queued after the dequeue */
	unsigned int left_rt;
	unsigned int left_dl;
	unsigned int left_running;	/* nr_running beyond the stopper */
};

static struct task_struct **fs_tasks;	/* every CPU's tasks, one slice each */
static unsigned int fs_tasks_cap;
static atomic_t fs_tasks_used;
static struct fs_rq_rebuild *fs_rqs;	/* nr_cpu_ids entries */

/* Visits the queued tasks of @rq's classes, in the order described above. */
typedef void (*fs_visit_fn)(struct task_struct *p, void *arg);

#ifdef CONFIG_RT_GROUP_SCHED
static void fs_visit_rt_rq(struct rt_rq *rt_rq, fs_visit_fn fn, void *arg);

static void fs_visit_rt_entity(struct sched_rt_entity *rt_se, fs_visit_fn fn, void *arg)
{
	if (rt_se->my_q)
		fs_visit_rt_rq(rt_se->my_q, fn, arg);
	else
		fn(container_of(rt_se, struct task_struct, rt), arg);
}
#else
static void fs_visit_rt_entity(struct sched_rt_entity *rt_se, fs_visit_fn fn, void *arg)
{
	fn(container_of(rt_se, struct task_struct, rt), arg);
}
#endif

static void fs_visit_rt_rq(struct rt_rq *rt_rq, fs_visit_fn fn, void *arg)
{
	struct rt_prio_array *array = &rt_rq->active;
	struct sched_rt_entity *rt_se;
	int idx;

	for (idx = find_first_bit(array->bitmap, MAX_RT_PRIO); idx < MAX_RT_PRIO;
	     idx = find_next_bit(array->bitmap, MAX_RT_PRIO, idx + 1))
		list_for_each_entry(rt_se, &array->queue[idx], run_list)
			fs_visit_rt_entity(rt_se, fn, arg);
}

static void fs_visit_queued(struct rq *rq, fs_visit_fn fn, void *arg)
{
	struct sched_entity *se;
	struct rb_node *node;

	fs_visit_rt_rq(&rq->rt, fn, arg);
	for (node = rb_first_cached(&rq->dl.root); node; node = rb_next(node))
		fn(container_of(node, struct task_struct, dl.rb_node), arg);
	list_for_each_entry(se, &rq->cfs_tasks, group_node)
		fn(container_of(se, struct task_struct, se), arg);
}

static unsigned int fs_list_length(const struct list_head *head)
{
	const struct list_head *pos;
	unsigned int n = 0;

	list_for_each(pos, head)
		n++;
	return n;
}

static void fs_count(struct task_struct *p, void *arg)
{
	(*(unsigned int *)arg)++;
}

struct fs_collect {
	struct task_struct **slot;
	unsigned int room;
	unsigned int nr;
};

static void fs_collect_one(struct task_struct *p, void *arg)
{
	struct fs_collect *c = arg;

	if (c->nr < c->room)
		c->slot[c->nr++] = p;
}

/* Rightmost vruntime first (only CFS tasks are sorted, so the field is meaningful). */
static int fs_cmp_vruntime_desc(const void *a, const void *b)
{
	const struct task_struct *x = *(struct task_struct * const *)a;
	const struct task_struct *y = *(struct task_struct * const *)b;
	s64 d = (s64)(y->se.vruntime - x->se.vruntime);

	return d < 0 ? -1 : d > 0;
}

int fs_rebuild_prepare(void)
{
	/*
	 * Threads created between here and stop_machine need room too; a
	 * CPU whose tasks do not fit leaves the rest queued as they are (and
	 * says so), which is safe, only not rebuilt.
	 */
	fs_tasks_cap = READ_ONCE(nr_threads) + 64 * nr_cpu_ids + 1024;
	fs_tasks = kvmalloc_array(fs_tasks_cap, sizeof(*fs_tasks), GFP_KERNEL);
	fs_rqs = kcalloc(nr_cpu_ids, sizeof(*fs_rqs), GFP_KERNEL);
	if (!fs_tasks || !fs_rqs) {
		kvfree(fs_tasks);
		kfree(fs_rqs);
		fs_tasks = NULL;
		fs_rqs = NULL;
		return -ENOMEM;
	}
	atomic_set(&fs_tasks_used, 0);
	return 0;
}

static bool fs_skip(struct rq *rq, struct task_struct *p)
{
	return p == rq->curr || p == rq->idle || !task_on_rq_queued(p);
}

/* Inside stop_machine, before the jumps change: the old code dequeues. */
void fs_rebuild_before(int cpu)
{
	struct fs_rq_rebuild *r = &fs_rqs[cpu];
	struct rq *rq = cpu_rq(cpu);
	struct fs_collect c = {};
	unsigned int n = 0, i, nr_cfs = 0, stopper;
	struct rq_flags rf;

	rq_lock(rq, &rf);
	update_rq_clock(rq);
	r->ran = true;
	r->nr_running_before = rq->nr_running;

	fs_visit_queued(rq, fs_count, &n);
	r->first = min_t(unsigned int, atomic_add_return(n, &fs_tasks_used) - n, fs_tasks_cap);
	c.slot = fs_tasks + r->first;
	c.room = min(n, fs_tasks_cap - r->first);
	fs_visit_queued(rq, fs_collect_one, &c);
	r->found = n;

	/* The CFS tasks are the tail of the slice: sort them for the dequeue. */
	for (i = 0; i < c.nr; i++)
		if (c.slot[i]->sched_class == &fair_sched_class)
			nr_cfs++;
	sort(c.slot + c.nr - nr_cfs, nr_cfs, sizeof(*c.slot), fs_cmp_vruntime_desc, NULL);

	for (i = 0; i < c.nr; i++) {
		struct task_struct *p = c.slot[i];

		if (fs_skip(rq, p)) {
			c.slot[i] = NULL;
			continue;
		}
		p->sched_class->dequeue_task(rq, p, FS_DEQUEUE_FLAGS);
	}
	r->nr = c.nr;

	stopper = rq->stop && task_on_rq_queued(rq->stop) ? 1 : 0;
	r->left_cfs = fs_list_length(&rq->cfs_tasks);
	r->left_rt = rq->rt.rt_nr_running;
	r->left_dl = rq->dl.dl_nr_running;
	r->left_running = rq->nr_running > stopper ? rq->nr_running - stopper : 0;
	rq_unlock(rq, &rf);
}

/* Inside stop_machine, after the jumps: the live code enqueues. */
void fs_rebuild_after(int cpu)
{
	struct fs_rq_rebuild *r = &fs_rqs[cpu];
	struct rq *rq = cpu_rq(cpu);
	struct rq_flags rf;
	unsigned int i;

	if (!r->ran)
		return;
	rq_lock(rq, &rf);
	update_rq_clock(rq);
	for (i = 0; i < r->nr; i++) {
		struct task_struct *p = fs_tasks[r->first + i];

		if (p)
			p->sched_class->enqueue_task(rq, p, FS_ENQUEUE_FLAGS);
	}
	r->nr_running_after = rq->nr_running;
	rq_unlock(rq, &rf);
}

/* After stop_machine: say what happened, free the buffers. */
void fs_rebuild_finish(bool enable, int err)
{
	unsigned int cpu, cpus = 0, tasks = 0, bad = 0;

	if (!fs_rqs)
		return;
	for (cpu = 0; cpu < nr_cpu_ids; cpu++) {
		struct fs_rq_rebuild *r = &fs_rqs[cpu];

		if (!r->ran)
			continue;
		cpus++;
		tasks += r->nr;
		if (r->nr < r->found) {
			pr_warn("%s: cpu%u: %u of %u queued tasks were not rebuilt (no room); they stay queued as before\n",
				enable ? "load" : "unload", cpu, r->found - r->nr, r->found);
			bad++;
		}
		if (r->left_cfs || r->left_rt || r->left_dl || r->left_running) {
			pr_warn("%s: cpu%u: after the dequeue %u CFS, %u RT, %u DL tasks and %u beyond the stopper in nr_running were still queued; they stayed as before\n",
				enable ? "load" : "unload", cpu, r->left_cfs, r->left_rt, r->left_dl,
				r->left_running);
			bad++;
		}
		if (r->nr_running_after != r->nr_running_before) {
			pr_warn("%s: cpu%u: nr_running was %u before the switch and %u after it\n",
				enable ? "load" : "unload", cpu, r->nr_running_before, r->nr_running_after);
			bad++;
		}
	}
	if (!err)
		pr_info("%s: rebuilt %u queued tasks on %u CPUs%s\n", enable ? "load" : "unload",
			tasks, cpus, bad ? " (see the warnings above)" : ", run queues consistent");
	kvfree(fs_tasks);
	kfree(fs_rqs);
	fs_tasks = NULL;
	fs_rqs = NULL;
}
