// SPDX-License-Identifier: GPL-2.0
/*
 * A sanity check of symbol resolution before anything is touched: every
 * vmlinux address this module was given (by the target-side resolver, or by
 * the loader from build-time anchored relocations) must be the start of a
 * kallsyms symbol of the expected name (or, for a redirected function, of
 * at least its size: aliases such as __x64_sys_pause/__ia32_sys_pause share
 * an address).  A module resolved against another boot's or another
 * kernel's symbol table is refused here instead of jumping into the middle
 * of unrelated code.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kallsyms.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include "internal.h"
#include "vmlinux.h"

/* 0 when @addr starts a kallsyms symbol of at least @min_size bytes named @name (any name if !@strict). */
static int fs_check_at(unsigned long addr, const char *name, unsigned int sympos,
		       unsigned int min_size, bool strict)
{
	char buf[KSYM_SYMBOL_LEN];
	unsigned long off, size;
	char *plus;

	sprint_symbol(buf, addr);
	plus = strrchr(buf, '+');
	if (!plus || sscanf(plus, "+%lx/%lx", &off, &size) != 2 || off || size < min_size ||
	    strchr(plus, '[') || (strict && (*plus = '\0', strcmp(buf, name)))) {
		sprint_symbol(buf, addr);
		pr_err("%s,%u resolved to %px, which kallsyms calls %s: the module's symbols were resolved for another kernel build (or, resolved on the target, another boot); rebuild it with this kernel's -dbg vmlinux, or resolve it again from this boot's /proc/kallsyms\n",
		       name, sympos, (void *)addr, buf);
		return -ENOEXEC;
	}
	return 0;
}

#define FS_CHECK_RUNTIME(sym, name) fs_check_at((unsigned long)&(sym), name, 0, 1, true)

int fs_symbols_verify(void)
{
	unsigned int i;
	int err = 0;

	err |= FS_CHECK_RUNTIME(fs_text_mutex, "text_mutex");
	err |= FS_CHECK_RUNTIME(fs_text_poke_kgdb, "text_poke_kgdb");
	err |= FS_CHECK_RUNTIME(fs_stop_machine_cpuslocked, "stop_machine_cpuslocked");
	err |= FS_CHECK_RUNTIME(fs_stack_trace_save_tsk_reliable, "stack_trace_save_tsk_reliable");
	err |= FS_CHECK_RUNTIME(fs_idle_task, "idle_task");
	err |= FS_CHECK_RUNTIME(fs_module_text_address, "__module_text_address");
	err |= FS_CHECK_RUNTIME(fs_ftrace_location, "ftrace_location");
	err |= FS_CHECK_RUNTIME(fs_ftrace_text_reserved, "ftrace_text_reserved");
	err |= FS_CHECK_RUNTIME(fs_jump_label_text_reserved, "jump_label_text_reserved");
	err |= FS_CHECK_RUNTIME(fs_static_call_text_reserved, "static_call_text_reserved");

	for (i = 0; i < foosched_nr_redirects; i++) {
		const struct foosched_redirect *r = &foosched_redirects[i];

		err |= fs_check_at(r->old_addr, r->name, r->sympos, r->old_size, false);
	}
	return err ? -ENOEXEC : 0;
}
