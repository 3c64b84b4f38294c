/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the runtime needs from the architecture.  x86/arch.c implements it
 * for x86-64; an aarch64 port provides the same functions (a "b" branch,
 * the ftrace NOP of its patchable-function-entry, its text poking).
 */
#ifndef _FOOSCHED_ARCH_H
#define _FOOSCHED_ARCH_H

#include <linux/types.h>
#include <foosched/table.h>

/* Length of the redirect instruction; equals FOOSCHED_PATCH_BYTES. */
#define FS_ARCH_JUMP_SIZE	FOOSCHED_PATCH_BYTES

/* True when @live holds what ftrace leaves at an unused fentry site. */
bool fs_arch_is_ftrace_nop(const u8 *live);

/* Encode "jump from @from to @to" into @insn; -ERANGE when unreachable. */
int fs_arch_encode_jump(u8 *insn, unsigned long from, unsigned long to);

/* The destination when @insn (at @at) is a jump or call, else 0. */
unsigned long fs_arch_branch_target(const u8 *insn, unsigned long at);

/* True when @insn looks like another text patcher's work (breakpoint, jump, call). */
bool fs_arch_is_foreign(const u8 *insn, unsigned int len);

/*
 * True when @live is what the kernel writes at boot in place of @expected
 * (the -dbg vmlinux's bytes) at a site it patches by CPU: the build cannot
 * know which form this CPU got.  Only asked for table entries flagged
 * FOOSCHED_F_BOOT_PATCHED.
 */
bool fs_arch_is_boot_rewrite(const u8 *live, const u8 *expected, unsigned int len);

/* A short human hint about foreign bytes found at a patch site. */
const char *fs_arch_describe(const u8 *insn, unsigned int len);

/*
 * Write @len bytes of text at @addr.  Only called inside stop_machine by a
 * single CPU while every other online CPU spins in the runtime's barrier.
 */
void fs_arch_write_text(void *addr, const void *insn, size_t len);

/* Make this CPU refetch instructions after text changed. */
void fs_arch_sync_core(void);

#endif /* _FOOSCHED_ARCH_H */
