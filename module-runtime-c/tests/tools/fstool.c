// SPDX-License-Identifier: GPL-2.0
/*
 * fstool: small helpers for the runtime's guest tests (static binary).
 *
 *   fstool peek NAME[,SYMPOS][+OFF] LEN   print LEN bytes of kernel text/data
 *                                       at that vmlinux symbol, read from
 *                                       /proc/kcore (independent of the
 *                                       module under test), e.g. "0f 1f 44 00 00"
 *   fstool pause                        block in pause(2) until a signal
 */
#include <elf.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int lookup(const char *name, unsigned long sympos, unsigned long long *addr)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[512], sym[256], mod[256], type;
	unsigned long long a;
	unsigned long seen = 0;

	if (!f)
		return -1;
	/* kallsyms lists vmlinux by ascending address: the N-th match is sympos N */
	while (fgets(line, sizeof(line), f)) {
		int n = sscanf(line, "%llx %c %255s %255s", &a, &type, sym, mod);

		if (n < 3 || (n == 4 && mod[0] == '[') || strcmp(sym, name))
			continue;
		seen++;
		if (sympos == 0 ? seen == 1 : seen == sympos)
			*addr = a;
	}
	fclose(f);
	if (sympos == 0 && seen != 1)
		return -1;
	return seen >= (sympos ? sympos : 1) ? 0 : -1;
}

static int peek(const char *spec, size_t len)
{
	char name[256];
	unsigned long sympos = 0, off = 0;
	unsigned long long addr;
	unsigned char buf[256];
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	const char *p;
	int fd, i;

	if (len == 0 || len > sizeof(buf))
		return fprintf(stderr, "fstool: bad length\n"), 2;
	p = strpbrk(spec, ",+");
	snprintf(name, sizeof(name), "%.*s", p ? (int)(p - spec) : (int)strlen(spec), spec);
	if (p && *p == ',')
		sympos = strtoul(p + 1, (char **)&p, 10);
	if (p && *p == '+')
		off = strtoul(p + 1, NULL, 0);
	if (lookup(name, sympos, &addr))
		return fprintf(stderr, "fstool: no unique %s,%lu in kallsyms\n", name, sympos), 1;
	addr += off;

	fd = open("/proc/kcore", O_RDONLY);
	if (fd < 0 || pread(fd, &eh, sizeof(eh), 0) != sizeof(eh))
		return perror("fstool: /proc/kcore"), 1;
	for (i = 0; i < eh.e_phnum; i++) {
		if (pread(fd, &ph, sizeof(ph), eh.e_phoff + (off_t)i * eh.e_phentsize) != sizeof(ph))
			return perror("fstool: kcore phdr"), 1;
		if (ph.p_type != PT_LOAD || addr < ph.p_vaddr || addr + len > ph.p_vaddr + ph.p_memsz)
			continue;
		if (pread(fd, buf, len, ph.p_offset + (addr - ph.p_vaddr)) != (ssize_t)len)
			return perror("fstool: kcore read"), 1;
		for (size_t j = 0; j < len; j++)
			printf("%02x%s", buf[j], j + 1 < len ? " " : "\n");
		return 0;
	}
	return fprintf(stderr, "fstool: %llx not mapped in /proc/kcore\n", addr), 1;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "peek"))
		return peek(argv[2], strtoul(argv[3], NULL, 0));
	if (argc == 2 && !strcmp(argv[1], "pause")) {
		pause();
		return 0;
	}
	fprintf(stderr, "usage: fstool peek NAME[,SYMPOS][+OFF] LEN | fstool pause\n");
	return 2;
}
