/* SPDX-License-Identifier: GPL-2.0 */
/* Test fixture: a SYSCALL_DEFINEx that makes three functions, like x86's. */
#ifndef _FIXTURE_SYSCALLS_H
#define _FIXTURE_SYSCALLS_H

#include <linux/compiler.h>

#define SYSCALL_DEFINE1(name, t1, a1) \
	SYSCALL_DEFINEx(1, _##name, t1, a1)

#define SYSCALL_DEFINEx(x, sname, t1, a1) \
	__SYSCALL_DEFINEx(x, sname, t1, a1)

#define __SYSCALL_DEFINEx(x, name, t1, a1) \
	static long __se_sys##name(long a1); \
	static inline long __do_sys##name(t1 a1); \
	long __x64_sys##name(long a1) \
	{ \
		return __se_sys##name(a1); \
	} \
	static long __se_sys##name(long a1) \
	{ \
		return __do_sys##name((t1)a1); \
	} \
	static inline long __do_sys##name(t1 a1)

#endif
