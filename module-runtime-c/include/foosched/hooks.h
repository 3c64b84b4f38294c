/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Where module-specific code (the scheduler's state rebuild, debugfs
 * re-pointing, the self-test's extra files) plugs into the runtime.
 *
 * The runtime defines every hook as a weak no-op (hooks.c); a module
 * overrides one by defining a normal (strong) function of the same name.
 *
 * Order of one switch (enable = true: vmlinux -> module; false: back):
 *
 *   foosched_hook_prepare(enable)           process context, may sleep, may fail
 *   -- cpus_read_lock, text_mutex, checks, stop_machine on all online CPUs --
 *      all CPUs: stack check (each its share)      [abort -EBUSY if busy]
 *      each CPU: foosched_hook_cpu_before(enable, cpu)
 *      one CPU:  write all jumps (or restore), foosched_hook_master(enable)
 *      each CPU: sync_core, foosched_hook_cpu_after(enable, cpu)
 *   -- end of stop_machine, unlocks --
 *   foosched_hook_finish(enable, err)       process context, err = result
 *
 * If the stack check is busy, only prepare and finish run (err = -EBUSY).
 * If a write fails inside stop_machine (the bytes were checked under
 * text_mutex, so only memory corruption can cause it), everything written is
 * undone and cpu_after runs with !enable: rebuild for the code that stays live.
 *
 * Hooks that run inside stop_machine run with interrupts off on every CPU
 * at once: no sleeping, no locks another CPU could hold, no printk storms.
 */
#ifndef _FOOSCHED_HOOKS_H
#define _FOOSCHED_HOOKS_H

#include <linux/types.h>

/* Module init/exit around the runtime's own (before the first enable / after the last disable). */
int foosched_hook_module_init(void);
void foosched_hook_module_exit(void);

int foosched_hook_prepare(bool enable);
void foosched_hook_cpu_before(bool enable, int cpu);
void foosched_hook_master(bool enable);
void foosched_hook_cpu_after(bool enable, int cpu);
void foosched_hook_finish(bool enable, int err);

/*
 * Stack-check allow-list: a return address that may be found on a sleeping
 * task's stack although it lies inside a replaced function (the scheduler
 * registers the return address of __schedule's context switch, where every
 * sleeping task waits; both versions resume through the same point).
 * Register from foosched_hook_module_init() or foosched_hook_prepare().
 */
#define FOOSCHED_ON_ENABLE	0x1
#define FOOSCHED_ON_DISABLE	0x2
int foosched_stack_allow(unsigned long ret_addr, unsigned int when);

/* True while the module's functions are live. */
bool foosched_is_enabled(void);

#endif /* _FOOSCHED_HOOKS_H */
