// SPDX-License-Identifier: GPL-2.0
/*
 * The runtime half of the __schedule springboard (see springboard.h).
 *
 * At load: the module jumps into vmlinux's __schedule at a fixed offset and
 * relies on the bytes from there to the epilogue being the ones the build
 * measured in the -dbg vmlinux.  A kernel that differs (another build of
 * the same release, a livepatch of __schedule) would crash on the first
 * task switch, so compare the live bytes first and refuse on a mismatch.
 *
 * Then register the return address of vmlinux's "call __switch_to_asm" with
 * the stack check: every sleeping task waits there, inside __schedule, a
 * function the module replaces, and it resumes identically whichever
 * __schedule is live.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/printk.h>
#include <linux/string.h>
#include <foosched/hooks.h>
#include "foosched_sched_layout.h"
#include "internal.h"

extern const u8 fs_vmlinux_schedule[] __asm__(FOOSCHED_SCHEDULE_SYM);

static const u8 fs_sb_tail[] = { FOOSCHED_SB_TAIL_BYTES };

int fs_sb_init(void)
{
	const u8 *live = fs_vmlinux_schedule + FOOSCHED_SB_SWITCH_OFF;
	int err;

	if (memcmp(live, fs_sb_tail, sizeof(fs_sb_tail))) {
		pr_err("vmlinux's __schedule at +%#x holds %*ph, but this module was built for %*ph: "
		       "the running kernel is not the build's -dbg vmlinux (or __schedule is patched); "
		       "refusing to load\n", FOOSCHED_SB_SWITCH_OFF,
		       (int)sizeof(fs_sb_tail), live, (int)sizeof(fs_sb_tail), fs_sb_tail);
		return -ENOEXEC;
	}
	err = foosched_stack_allow((unsigned long)fs_vmlinux_schedule + FOOSCHED_SB_RETURN_OFF,
				   FOOSCHED_ON_ENABLE | FOOSCHED_ON_DISABLE);
	if (err)
		pr_err("cannot register __schedule+%#x with the stack check (%d)\n",
		       FOOSCHED_SB_RETURN_OFF, err);
	return err;
}
