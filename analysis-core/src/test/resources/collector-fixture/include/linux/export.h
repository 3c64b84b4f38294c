/* SPDX-License-Identifier: GPL-2.0 */
/* Test fixture: an EXPORT_SYMBOL that redeclares the symbol, as the kernel's does. */
#ifndef _FIXTURE_EXPORT_H
#define _FIXTURE_EXPORT_H

#include <linux/compiler.h>

#define EXPORT_SYMBOL(sym) \
	extern typeof(sym) sym; \
	static const char __kstrtab_##sym[] __used = #sym

#endif
