/* SPDX-License-Identifier: GPL-2.0 */
/* Test fixture: per-CPU definitions shaped like the kernel's. */
#ifndef _FIXTURE_PERCPU_H
#define _FIXTURE_PERCPU_H

#include <linux/compiler.h>

#define __PCPU_ATTRS(sec)	__section(".data..percpu" sec)

#define DECLARE_PER_CPU_SECTION(type, name, sec) \
	extern __PCPU_ATTRS(sec) __typeof__(type) name
#define DEFINE_PER_CPU_SECTION(type, name, sec) \
	__PCPU_ATTRS(sec) __typeof__(type) name

#define DECLARE_PER_CPU(type, name)	DECLARE_PER_CPU_SECTION(type, name, "")
#define DEFINE_PER_CPU(type, name)	DEFINE_PER_CPU_SECTION(type, name, "")

#define DECLARE_PER_CPU_SHARED_ALIGNED(type, name) \
	DECLARE_PER_CPU_SECTION(type, name, "..shared_aligned") __aligned(64)
#define DEFINE_PER_CPU_SHARED_ALIGNED(type, name) \
	DEFINE_PER_CPU_SECTION(type, name, "..shared_aligned") __aligned(64)

#define this_cpu_ptr(ptr)	(ptr)

#endif
