/* SPDX-License-Identifier: GPL-2.0 */
/* Workbench fixture: the kernel annotations the collector and the extractor recognise. */
#ifndef _FIXTURE_COMPILER_H
#define _FIXTURE_COMPILER_H

#define __section(s)		__attribute__((__section__(s)))
#define __used			__attribute__((__used__))
#define noinline		__attribute__((__noinline__))
#define notrace			__attribute__((__no_instrument_function__))
#define __sched			__section(".sched.text")
#define __init			__section(".init.text")
#define __initdata		__section(".init.data")
#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define NULL			((void *)0)

#endif
