// SPDX-License-Identifier: GPL-2.0
/*
 * Expands the build's generated "foosched_redirects.h" (format: see
 * include/foosched/table.h) into the arrays the runtime walks.
 *
 * Deliberately includes nothing but <linux/types.h>: the module's
 * replacement functions are declared here as plain "extern char name[]",
 * which must not meet a kernel header's prototype of the same name
 * (schedule_tail, ...).
 */
#include <foosched/table.h>

#define FOOSCHED_VMLINUX_LABEL(pos, name) __asm__("foosched.vmlinux." #pos "." name)

/* Pass 1: declare the vmlinux symbols (asm-label convention) and the module functions. */
#define FOOSCHED_REDIRECT(idx, name, pos, new_fn, size, off, flg, b0, b1, b2, b3, b4) \
	extern char foosched_old_##idx[] FOOSCHED_VMLINUX_LABEL(pos, name);	     \
	extern char new_fn[];
#define FOOSCHED_COLD(idx, name, pos, size) \
	extern char foosched_cold_##idx[] FOOSCHED_VMLINUX_LABEL(pos, name);
#include "foosched_redirects.h"
#undef FOOSCHED_REDIRECT
#undef FOOSCHED_COLD

/* Pass 2: the redirect entries. */
#define FOOSCHED_REDIRECT(idx, nm, pos, new_fn, size, off, flg, b0, b1, b2, b3, b4) \
	{								      \
		.name = nm,						      \
		.sympos = pos,						      \
		.old_addr = (unsigned long)foosched_old_##idx,		      \
		.new_addr = (unsigned long)new_fn,			      \
		.old_size = size,					      \
		.patch_off = off,					      \
		.flags = flg,						      \
		.expected = { b0, b1, b2, b3, b4 },			      \
	},
#define FOOSCHED_COLD(idx, name, pos, size)
struct foosched_redirect foosched_redirects[] = {
#include "foosched_redirects.h"
};
#undef FOOSCHED_REDIRECT
#undef FOOSCHED_COLD

const unsigned int foosched_nr_redirects = sizeof(foosched_redirects) / sizeof(foosched_redirects[0]);

/* Pass 3: the .cold parts, attached to their entry at init (patch.c). */
#define FOOSCHED_REDIRECT(idx, name, pos, new_fn, size, off, flg, b0, b1, b2, b3, b4)
#define FOOSCHED_COLD(i, name, pos, sz) \
	{ .idx = i, .addr = (unsigned long)foosched_cold_##i, .size = sz },
const struct foosched_cold foosched_colds[] = {
#include "foosched_redirects.h"
};
#undef FOOSCHED_REDIRECT
#undef FOOSCHED_COLD

const unsigned int foosched_nr_colds = sizeof(foosched_colds) / sizeof(foosched_colds[0]);
