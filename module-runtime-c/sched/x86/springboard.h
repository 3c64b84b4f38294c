/* SPDX-License-Identifier: GPL-2.0 */
/*
 * x86-64 part of the __schedule springboard (see ../springboard.h).
 *
 * foosched_switch_to() replaces switch_to() inside the module's
 * __schedule (context_switch() is __always_inline).  It calls the stub
 * foosched_springboard_enter (x86/springboard_64.S) with prev in %rdi and
 * next in %rsi, which points %rsp at the place vmlinux's __schedule keeps it
 * ("lea -FRAME(%rbp), %rsp") and jumps to vmlinux's "call __switch_to_asm".
 * The call never returns here.
 *
 * That is only sound when the module's __schedule frame matches vmlinux's
 * above the locals: push %rbp; mov %rsp,%rbp; the same callee-saved pushes
 * in the same order, and the stack-protector canary in the same %rbp slot.
 * The empty asm below clobbers every callee-saved register, so GCC always
 * saves all five in the prologue, as vmlinux's __schedule does; the build
 * then checks the compiled core.o against vmlinux (SpringboardLayout).
 */
#ifndef _FOOSCHED_SCHED_X86_SPRINGBOARD_H
#define _FOOSCHED_SCHED_X86_SPRINGBOARD_H

struct task_struct;

/*
 * Declared as returning on purpose: GCC must emit the call and keep the
 * objtool annotation that follows it (unreachable()), which tells objtool
 * that execution does not come back.
 */
void foosched_springboard_enter(struct task_struct *prev, struct task_struct *next);

#define foosched_switch_to(prev, next, last)				\
do {									\
	asm volatile("" : : : "rbx", "r12", "r13", "r14", "r15");	\
	foosched_springboard_enter((prev), (next));			\
	unreachable();							\
} while (0)

#endif /* _FOOSCHED_SCHED_X86_SPRINGBOARD_H */
