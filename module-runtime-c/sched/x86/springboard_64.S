/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The springboard's jump into vmlinux's __schedule (see springboard.h).
 *
 * Entered by "call" from the module's __schedule with prev in %rdi, next
 * in %rsi and %rbp still that __schedule's frame pointer.  The return
 * address the call pushed is dropped: the task continues in vmlinux's
 * __schedule, and when it is switched back in it returns from
 * __switch_to_asm into vmlinux's tail, whose epilogue pops the callee-saved
 * registers the module's prologue pushed.
 *
 * This is code, not a function (SYM_CODE): objtool follows it from the
 * unwind hint, which says the caller's frame is %rbp-based (CFA = %rbp+16),
 * true for both instructions.
 */
#include <linux/linkage.h>
#include <asm/unwind_hints.h>
#include "../foosched_sched_layout.h"

	.text
SYM_CODE_START(foosched_springboard_enter)
	UNWIND_HINT sp_reg=ORC_REG_BP sp_offset=16 type=UNWIND_HINT_TYPE_CALL
	/* %rsp as vmlinux's __schedule has it at its call to __switch_to_asm */
	lea	-FOOSCHED_SB_FRAME(%rbp), %rsp
	/* vmlinux's "call __switch_to_asm": prev in %rdi, next in %rsi */
	jmp	FOOSCHED_SCHEDULE_SYM + FOOSCHED_SB_SWITCH_OFF
SYM_CODE_END(foosched_springboard_enter)
