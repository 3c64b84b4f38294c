/*
 * Unit "b.c" of the ELF fixture, compiled with -ffunction-sections -fdata-sections: its own
 * static helper() (second of that name), a global calling it, a GPL-exported global.
 */
extern int counter_a;
static int state_b = 3;

__attribute__((noinline)) static int helper(int x)
{
	return x * 11 + state_b;
}

__attribute__((noinline)) int global_b(int x)
{
	state_b = x;
	return helper(x) + counter_a;
}
