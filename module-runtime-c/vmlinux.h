/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmlinux symbols the runtime itself needs but the kernel does not export.
 *
 * Each is declared under a private C name with the asm label
 * "foosched.vmlinux.0.<symbol>"; the module is linked with
 * KBUILD_MODPOST_WARN=1 and the target-side resolver (tools/resolve) turns
 * these undefined symbols into absolute ones from /proc/kallsyms before
 * insmod.  Sympos 0: the resolver refuses unless the name is unique.
 */
#ifndef _FOOSCHED_VMLINUX_H
#define _FOOSCHED_VMLINUX_H

#include <linux/types.h>
#include <linux/stop_machine.h>

struct mutex;
struct module;
struct task_struct;

#define FS_VMLINUX(sym) __asm__("foosched.vmlinux.0." sym)

/* Serialises every kernel text writer: ftrace, kprobes, jump labels, static calls, BPF, livepatch. */
extern struct mutex fs_text_mutex FS_VMLINUX("text_mutex");

extern void *fs_text_poke_kgdb(void *addr, const void *opcode, size_t len)
	FS_VMLINUX("text_poke_kgdb");

extern int fs_stop_machine_cpuslocked(cpu_stop_fn_t fn, void *data,
				      const struct cpumask *cpus)
	FS_VMLINUX("stop_machine_cpuslocked");

extern int fs_stack_trace_save_tsk_reliable(struct task_struct *tsk,
					    unsigned long *store,
					    unsigned int size)
	FS_VMLINUX("stack_trace_save_tsk_reliable");

extern struct task_struct *fs_idle_task(int cpu) FS_VMLINUX("idle_task");

/* Call under preempt_disable(). */
extern struct module *fs_module_text_address(unsigned long addr)
	FS_VMLINUX("__module_text_address");

extern unsigned long fs_ftrace_location(unsigned long ip)
	FS_VMLINUX("ftrace_location");
extern int fs_ftrace_text_reserved(const void *start, const void *end)
	FS_VMLINUX("ftrace_text_reserved");
extern int fs_jump_label_text_reserved(void *start, void *end)
	FS_VMLINUX("jump_label_text_reserved");
extern int fs_static_call_text_reserved(void *start, void *end)
	FS_VMLINUX("static_call_text_reserved");

#endif /* _FOOSCHED_VMLINUX_H */
