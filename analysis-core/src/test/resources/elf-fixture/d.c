/*
 * Unit "d.c": compiler-variant names forced with asm labels, a function-local-static-like
 * name (d.c is compiled with -fno-reorder-blocks-and-partition so GCC makes no .cold
 * part of its own), fake export entries, a table of PC-relative data entries pointing at 1-byte local
 * asm functions (like .orc_unwind_ip), and __fentry__ itself.
 */
static int tweak_isra(int x) __asm__("tweak.isra.0");
static int tweak_cp(int x) __asm__("tweak.constprop.0.isra.0");
static void both_cold(void) __asm__("both.cold");
static int warned __asm__("__warned.3");

__attribute__((noinline)) static int tweak_isra(int x)
{
	return x * 7 + warned++;
}

__attribute__((noinline)) static int tweak_cp(int x)
{
	return x * 9;
}

__attribute__((noinline, section(".text.unlikely"))) static void both_cold(void)
{
	asm volatile("" ::: "memory");
}

__attribute__((noinline)) int both(int x)
{
	if (x == 42)
		both_cold();
	asm volatile("call tiny_1");
	return tweak_isra(x) + tweak_cp(x);
}

asm(
	".text\n"
	".globl __fentry__\n"
	".type __fentry__, @function\n"
	"__fentry__: ret\n"
	".size __fentry__, 1\n"

	".section .text.tiny, \"ax\"\n"
	".type tiny_0, @function\n tiny_0: ret\n .size tiny_0, 1\n"
	".type tiny_1, @function\n tiny_1: ret\n .size tiny_1, 1\n"
	".type tiny_2, @function\n tiny_2: ret\n .size tiny_2, 1\n"
	".type tiny_3, @function\n tiny_3: ret\n .size tiny_3, 1\n"
	".type tiny_4, @function\n tiny_4: ret\n .size tiny_4, 1\n"
	".type tiny_5, @function\n tiny_5: ret\n .size tiny_5, 1\n"
	".type tiny_6, @function\n tiny_6: ret\n .size tiny_6, 1\n"

	".section .fake_orc_ip, \"a\"\n"
	".long tiny_1 - .\n"
	".long tiny_2 - .\n"

	".section __ksymtab, \"a\"\n"
	"__ksymtab_global_a:\n"
	".long global_a - .\n .long 0\n .long 0\n"
	".section __ksymtab_gpl, \"a\"\n"
	"__ksymtab_global_b:\n"
	".long global_b - .\n .long 0\n .long 0\n"
	".text\n");
