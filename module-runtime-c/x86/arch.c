// SPDX-License-Identifier: GPL-2.0
/*
 * x86-64 part of the runtime: "jmp rel32" redirects, ftrace's fentry NOP,
 * text writes through the kernel's poking mm, and core serialisation.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/sync_core.h>
#include <asm/unaligned.h>
#include "../arch.h"
#include "../vmlinux.h"

#define X86_JMP_REL32	0xe9
#define X86_CALL_REL32	0xe8
#define X86_INT3	0xcc

/* ftrace turns every "call __fentry__" into this 5-byte NOP at boot (x86_nops[5]). */
static const u8 x86_ftrace_nop[FS_ARCH_JUMP_SIZE] = { 0x0f, 0x1f, 0x44, 0x00, 0x00 };

bool fs_arch_is_ftrace_nop(const u8 *live)
{
	return !memcmp(live, x86_ftrace_nop, sizeof(x86_ftrace_nop));
}

int fs_arch_encode_jump(u8 *insn, unsigned long from, unsigned long to)
{
	long rel = (long)(to - (from + FS_ARCH_JUMP_SIZE));

	if (rel != (long)(s32)rel)
		return -ERANGE;
	insn[0] = X86_JMP_REL32;
	put_unaligned_le32((u32)(s32)rel, insn + 1);
	return 0;
}

unsigned long fs_arch_branch_target(const u8 *insn, unsigned long at)
{
	if (insn[0] != X86_JMP_REL32 && insn[0] != X86_CALL_REL32)
		return 0;
	return at + FS_ARCH_JUMP_SIZE + (long)(s32)get_unaligned_le32(insn + 1);
}

bool fs_arch_is_foreign(const u8 *insn, unsigned int len)
{
	return memchr(insn, X86_INT3, len) || insn[0] == X86_JMP_REL32 ||
	       insn[0] == X86_CALL_REL32;
}

/*
 * Return thunks: every "jmp __x86_return_thunk" (e9 rel32, listed in
 * .return_sites) becomes "ret; int3; int3; int3; int3" at boot on a CPU
 * that needs no retbleed mitigation (apply_returns()).  Short functions
 * (an fentry site, then "jmp __x86_return_thunk") have that jump inside
 * the 5 bytes the redirect replaces; both forms end the function there, so
 * overwriting either is the same.  The prefix before the jump must match
 * exactly, and the rewrite must fill the rest of the range.
 */
bool fs_arch_is_boot_rewrite(const u8 *live, const u8 *expected, unsigned int len)
{
	unsigned int k, i;

	for (k = 0; k < len; k++) {
		if (live[k] != expected[k])
			break;
	}
	if (k == len || expected[k] != X86_JMP_REL32 || live[k] != 0xc3)
		return false;
	for (i = k + 1; i < len; i++)
		if (live[i] != X86_INT3)
			return false;
	return true;
}

const char *fs_arch_describe(const u8 *insn, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		if (insn[i] == X86_INT3)
			return "int3 breakpoint: a kprobe or a debugger?";
	if (insn[0] == X86_JMP_REL32)
		return "jmp rel32: redirected by another module or hot patch?";
	if (insn[0] == X86_CALL_REL32)
		return "call rel32: ftrace, a kprobe, livepatch or a BPF trampoline?";
	return "unexpected code: a different kernel build or a text patcher?";
}

void fs_arch_write_text(void *addr, const void *insn, size_t len)
{
	/*
	 * text_poke_kgdb() is text_poke() without its lockdep assertion: the
	 * caller's task holds text_mutex (taken before stop_machine), but this
	 * runs in a CPU stopper thread, exactly the "no other core is running"
	 * situation that variant exists for.  It maps the page through the
	 * poking mm with interrupts off and flushes only this CPU's TLB (the
	 * poking mm is live nowhere else), so no IPI is needed here.
	 */
	fs_text_poke_kgdb(addr, insn, len);
}

void fs_arch_sync_core(void)
{
	sync_core();
}
