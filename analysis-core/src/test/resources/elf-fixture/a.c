/*
 * Unit "a.c" of the ELF fixture. A static helper() that b.c defines too (sympos), statics
 * placed in another input section so that calls to them need relocations against section
 * symbols, tiny adjacent static variables accessed RIP-relative by instructions that carry
 * 0-, 1-, 2- and 4-byte immediates after the displacement (the asm pins the exact
 * encodings), and data holding function pointers.
 */
int counter_a;
static int state_a;
static short word_a;
static char once_a1, once_a2, once_a3;

__attribute__((noinline, section(".text.cold_a"))) static int helper(int x)
{
	return x * 3 + counter_a;
}

__attribute__((noinline, section(".text.cold_a"))) static int helper2(int x)
{
	return x * 5 - counter_a;
}

__attribute__((noinline)) int global_a(int x)
{
	int r = helper(x) + helper2(x + 1);

	asm volatile("movl $0x12345, %0" : "=m"(state_a));	/* c7 05 disp32 imm32 */
	asm volatile("cmpb $0, %0" : : "m"(once_a3));		/* 80 3d disp32 imm8 */
	asm volatile("movb $1, %0" : "=m"(once_a2));		/* c6 05 disp32 imm8 */
	asm volatile("testb $4, %0" : : "m"(once_a1));		/* f6 05 disp32 imm8 */
	asm volatile("movw $0x1234, %0" : "=m"(word_a));	/* 66 c7 05 disp32 imm16 */
	asm volatile("btl $3, %0" : : "m"(state_a));		/* 0f ba 25 disp32 imm8 */
	asm volatile("lock xaddl %0, %1" : "+r"(r), "+m"(state_a)); /* f0 0f c1 05 disp32 */
	return r;
}

struct ops {
	int (*f)(int);
	int (*g)(int);
};

/* .rodata: R_X86_64_64 against the section symbol (helper2) and against global_a. */
const struct ops ops_a = { .f = helper2, .g = global_a };

/* .data: R_X86_64_64 against the section symbol (helper). */
struct ops ops_rw = { .f = helper, .g = 0 };
