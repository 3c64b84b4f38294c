/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Format of the generated redirect table.
 *
 * The build writes one header, "foosched_redirects.h", into the module's
 * top directory.  It holds nothing but invocations of the two macros below,
 * one line per entry; the runtime expands it (table.c).  Every value is
 * known at build time from the release's -dbg vmlinux, so the target needs
 * no compiler and no debug information.
 *
 * FOOSCHED_REDIRECT(idx, name, sympos, new_fn, size, off, flags, b0, b1, b2, b3, b4)
 *	idx	0, 1, 2, ... in order: a C-identifier fragment unique per line
 *	name	the vmlinux symbol as a string literal ("pick_next_task_fair",
 *		"finish_task_switch.isra.0")
 *	sympos	0 when name is unique among vmlinux's kallsyms entries,
 *		else N >= 1: the N-th entry of that name by ascending address
 *	new_fn	the module's replacement, a C identifier with external linkage
 *		and the same calling convention as the vmlinux symbol
 *	size	st_size of the vmlinux symbol (bytes)
 *	off	patch offset: 5 when the function starts with the
 *		"call __fentry__" site (ftrace keeps owning those 5 bytes),
 *		0 when it has none (notrace)
 *	flags	FOOSCHED_F_* below, or-ed; 0 for none
 *	b0..b4	the 5 bytes of the -dbg vmlinux at name+off (hex literals)
 *
 * FOOSCHED_COLD(idx, name, sympos, size)
 *	the ".cold" part of the function of line idx (name "foo.cold"),
 *	so the stack check also refuses while a task is inside it.
 *
 * Both vmlinux symbols are referenced through the asm label
 * "foosched.vmlinux.<sympos>.<name>"; the target-side resolver
 * (tools/resolve) gives them their runtime address before insmod.
 */
#ifndef _FOOSCHED_TABLE_H
#define _FOOSCHED_TABLE_H

#include <linux/types.h>

#define FOOSCHED_PATCH_BYTES	5

/* The function starts with the fentry call site: ftrace owns bytes 0..4. */
#define FOOSCHED_F_FENTRY	0x1
/* The patch range overlaps a __jump_table site: the kernel rewrites it. */
#define FOOSCHED_F_JUMP_LABEL	0x2
/* The patch range overlaps a .static_call_sites site. */
#define FOOSCHED_F_STATIC_CALL	0x4
/*
 * The patch range overlaps a site the kernel patches once at boot
 * (alternatives, retpolines, return thunks, paravirt, SMP locks): the
 * live bytes may differ from vmlinux's.  Informational: the expected-bytes
 * check decides, this flag only explains a refusal.
 */
#define FOOSCHED_F_BOOT_PATCHED	0x8

struct foosched_redirect {
	const char *name;
	unsigned int sympos;
	unsigned long old_addr;		/* vmlinux function */
	unsigned long new_addr;		/* module function */
	unsigned int old_size;
	unsigned int patch_off;
	unsigned int flags;
	u8 expected[FOOSCHED_PATCH_BYTES];
	unsigned long cold_addr;	/* 0 when there is no .cold part */
	unsigned int cold_size;
};

struct foosched_cold {
	unsigned int idx;
	unsigned long addr;
	unsigned int size;
};

/* table.c */
extern struct foosched_redirect foosched_redirects[];
extern const unsigned int foosched_nr_redirects;
extern const struct foosched_cold foosched_colds[];
extern const unsigned int foosched_nr_colds;

#endif /* _FOOSCHED_TABLE_H */
