/*
 * Unit "c.c", compiled with -pg -mfentry: traced() starts with "call __fentry__"; untraced()
 * is notrace. Also per-cpu-like variables in .data..percpu, read both the absolute way
 * (%gs:sym, R_X86_64_32S) and RIP-relative (%gs:sym(%rip), R_X86_64_PC32), as x86 kernels do.
 */
__attribute__((section(".data..percpu"))) int pcpu_global;
__attribute__((section(".data..percpu"))) static int pcpu_pad;
__attribute__((section(".data..percpu"))) static int pcpu_local;

int traced(int x)
{
	return x + 1 + pcpu_pad;
}

__attribute__((no_instrument_function)) int untraced(int x)
{
	return x + 2;
}

__attribute__((no_instrument_function)) int read_pcpu(void)
{
	int a, b;

	asm volatile("movl %%gs:%c1, %0" : "=r"(a) : "i"(&pcpu_local));
	asm volatile("movl %%gs:%1, %0" : "=r"(b) : "m"(pcpu_local));
	return a + b + pcpu_global;
}
