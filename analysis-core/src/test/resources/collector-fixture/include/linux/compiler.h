/* SPDX-License-Identifier: GPL-2.0 */
/* Test fixture: the few kernel annotations the collector must recognise. */
#ifndef _FIXTURE_COMPILER_H
#define _FIXTURE_COMPILER_H

#define __section(s)		__attribute__((__section__(s)))
#define __weak			__attribute__((__weak__))
#define __used			__attribute__((__used__))
#define __alias(sym)		__attribute__((__alias__(#sym)))
#define __aligned(x)		__attribute__((__aligned__(x)))
#define noinline		__attribute__((__noinline__))
#define __always_inline		inline __attribute__((__always_inline__))
#define notrace			__attribute__((__no_instrument_function__))
#define __sched			__section(".sched.text")

#define __init			__section(".init.text")
#define __initdata		__section(".init.data")
#define __exit			__section(".exit.text")

#define likely(x)		__builtin_expect(!!(x), 1)

/* like compiletime_assert(): a call that must be optimized away */
#define BUILD_BUG_ON(cond) do { \
	extern void __compiletime_assert_1(void) \
		__attribute__((__error__("BUILD_BUG_ON failed: " #cond))); \
	if (cond) \
		__compiletime_assert_1(); \
} while (0)

#define WARN_ON_ONCE(cond) ({ \
	static int __section(".data.once") __already_done; \
	int __ret = !!(cond); \
	if (__ret && !__already_done) \
		__already_done = 1; \
	__ret; \
})

#define offsetof(t, m)		__builtin_offsetof(t, m)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

#endif
