// SPDX-License-Identifier: GPL-2.0
/*
 * foosched-resolve: give a foosched module's non-exported vmlinux symbols
 * their addresses on the running kernel (KASLR moves them every boot).
 *
 *   foosched-resolve [-v] [-n] [-k KALLSYMS] [-l LIST] -o OUT MODULE.ko
 *
 * Undefined symbols of MODULE.ko that it handles:
 *   foosched.vmlinux.<N>.<name>   vmlinux's <name>; N = 0: the name must be
 *                                 unique, N >= 1: the N-th symbol of that
 *                                 name by ascending address (like
 *                                 livepatch's sympos)
 *   <name> listed in LIST         vmlinux's <name>, which must be unique
 * Every other undefined symbol is left to the kernel's module loader
 * (exported symbols, with their modversions).
 *
 * Each handled symbol becomes absolute (st_shndx = SHN_ABS) with the
 * kallsyms value; the loader takes absolute symbols as they are.  Per-cpu
 * variables show their per-cpu offset in kallsyms (type 'A'), which is
 * exactly the value code needs.  Only vmlinux lines of kallsyms count
 * ("[module]" lines are skipped).
 *
 * Writes OUT atomically (temporary file + rename) or not at all: an
 * unresolvable or ambiguous symbol is reported by name (with its sympos)
 * and the exit status is 1; usage errors exit 2.  A module signature
 * appended to MODULE.ko is dropped (it could no longer verify).
 *
 * Static, no dependencies: it runs on target hosts with no compiler.
 */
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PREFIX		"foosched.vmlinux."
#define SIG_MAGIC	"~Module signature appended~\n"

struct ksym {
	unsigned long long addr;
	char type;
	char *name;
};

static struct ksym *ksyms;
static size_t nr_ksyms;
static char **list_names;
static size_t nr_list;
static int verbose;

static void die(int code, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "foosched-resolve: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n);
	if (!p)
		die(1, "out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die(1, "out of memory");
	return d;
}

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

/* Reads "<hex address> <type> <name>[ [module]]" lines; keeps vmlinux's. */
static void read_kallsyms(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t cap = 0, nonzero = 0;

	if (!f)
		die(1, "cannot read %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char name[512], mod[512], type;
		unsigned long long addr;
		int n = sscanf(line, "%llx %c %511s %511s", &addr, &type, name, mod);

		if (n < 3)
			continue;
		if (n == 4 && mod[0] == '[')
			continue;
		if (nr_ksyms == cap) {
			cap = cap ? 2 * cap : 65536;
			ksyms = xrealloc(ksyms, cap * sizeof(*ksyms));
		}
		ksyms[nr_ksyms].addr = addr;
		ksyms[nr_ksyms].type = type;
		ksyms[nr_ksyms].name = xstrdup(name);
		nr_ksyms++;
		if (addr)
			nonzero++;
	}
	fclose(f);
	if (!nr_ksyms)
		die(1, "%s holds no vmlinux symbols", path);
	if (!nonzero)
		die(1, "%s shows every address as 0: run as root (and check kernel.kptr_restrict)", path);
	/* Same name together, by ascending address: sympos order. */
	qsort(ksyms, nr_ksyms, sizeof(*ksyms), ksym_cmp);
}

static void read_list(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[1024];
	size_t cap = 0;

	if (!f)
		die(1, "cannot read %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *s = line, *e;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '#' || *s == '\n' || !*s)
			continue;
		for (e = s; *e && *e != '\n' && *e != ' ' && *e != '\t' && *e != '\r'; e++)
			;
		*e = '\0';
		if (nr_list == cap) {
			cap = cap ? 2 * cap : 64;
			list_names = xrealloc(list_names, cap * sizeof(*list_names));
		}
		list_names[nr_list++] = xstrdup(s);
	}
	fclose(f);
}

static int in_list(const char *name)
{
	size_t i;

	for (i = 0; i < nr_list; i++)
		if (!strcmp(list_names[i], name))
			return 1;
	return 0;
}

/* First index of @name in the sorted table, and how many there are. */
static size_t find_name(const char *name, size_t *count)
{
	size_t lo = 0, hi = nr_ksyms, first;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ksyms[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	while (lo < nr_ksyms && !strcmp(ksyms[lo].name, name))
		lo++;
	*count = lo - first;
	return first;
}

/*
 * Address of the @sympos-th @name; reports and returns -1 when there is no
 * such symbol or @sympos 0 meets several.
 */
static int resolve_one(const char *sym, const char *name, unsigned long sympos,
		       unsigned long long *addr)
{
	size_t count, first = find_name(name, &count);

	if (!count) {
		fprintf(stderr, "foosched-resolve: %s: vmlinux has no symbol %s (sympos %lu)\n",
			sym, name, sympos);
		return -1;
	}
	if (sympos == 0 && count > 1) {
		fprintf(stderr, "foosched-resolve: %s: %s is ambiguous: vmlinux has %zu symbols of that name; give a sympos 1..%zu\n",
			sym, name, count, count);
		return -1;
	}
	if (sympos > count) {
		fprintf(stderr, "foosched-resolve: %s: vmlinux has only %zu symbol(s) named %s, not sympos %lu\n",
			sym, count, name, sympos);
		return -1;
	}
	*addr = ksyms[first + (sympos ? sympos - 1 : 0)].addr;
	return 0;
}

/* "foosched.vmlinux.<N>.<name>" -> name, N; 0 when @sym is not of that form. */
static int parse_convention(const char *sym, const char **name, unsigned long *sympos)
{
	const char *p = sym + strlen(PREFIX);
	char *end;

	if (strncmp(sym, PREFIX, strlen(PREFIX)))
		return 0;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	*sympos = strtoul(p, &end, 10);
	if (errno || *end != '.' || !end[1])
		return -1;
	*name = end + 1;
	return 1;
}

struct elf_file {
	unsigned char *data;
	size_t size;
};

static void *elf_at(struct elf_file *ef, uint64_t off, uint64_t len, const char *what)
{
	if (off > ef->size || len > ef->size - off)
		die(1, "malformed module: %s lies outside the file", what);
	return ef->data + off;
}

static void read_file(const char *path, struct elf_file *ef)
{
	struct stat st;
	int fd = open(path, O_RDONLY);
	size_t done = 0;

	if (fd < 0 || fstat(fd, &st))
		die(1, "cannot read %s: %s", path, strerror(errno));
	ef->size = st.st_size;
	ef->data = xrealloc(NULL, ef->size ? ef->size : 1);
	while (done < ef->size) {
		ssize_t n = read(fd, ef->data + done, ef->size - done);

		if (n <= 0)
			die(1, "cannot read %s: %s", path, n ? strerror(errno) : "short read");
		done += n;
	}
	close(fd);
}

/* Drop an appended signature: the bytes it covers are about to change. */
static void strip_signature(struct elf_file *ef, const char *path)
{
	size_t mlen = strlen(SIG_MAGIC);
	const unsigned char *info;
	uint32_t sig_len;

	if (ef->size < mlen + 12 || memcmp(ef->data + ef->size - mlen, SIG_MAGIC, mlen))
		return;
	/* struct module_signature (12 bytes, sig_len big-endian at its end) precedes the magic. */
	info = ef->data + ef->size - mlen - 12;
	sig_len = (uint32_t)info[8] << 24 | (uint32_t)info[9] << 16 | (uint32_t)info[10] << 8 | info[11];
	if (sig_len > ef->size - mlen - 12)
		die(1, "%s: malformed module signature", path);
	ef->size -= mlen + 12 + sig_len;
	fprintf(stderr, "foosched-resolve: %s: dropped its module signature (it covers bytes that change here)\n", path);
}

static int resolve_module(struct elf_file *ef, const char *path)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)ef->data;
	Elf64_Shdr *sh, *symsec = NULL;
	Elf64_Sym *syms;
	const char *strtab;
	size_t i, nsyms, strsize;
	int errors = 0, resolved = 0;

	if (ef->size < sizeof(Elf64_Ehdr) ||
	    memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_ident[EI_DATA] != ELFDATA2LSB)
		die(1, "%s is not a 64-bit little-endian ELF file", path);
	if (eh->e_type != ET_REL)
		die(1, "%s is not a relocatable object (a .ko)", path);
	if (eh->e_machine != EM_X86_64 && eh->e_machine != EM_AARCH64)
		die(1, "%s: unsupported machine %u", path, eh->e_machine);
	if (eh->e_shentsize != sizeof(Elf64_Shdr))
		die(1, "%s: unexpected section header size", path);
	sh = elf_at(ef, eh->e_shoff, (uint64_t)eh->e_shnum * sizeof(Elf64_Shdr), "section headers");

	for (i = 0; i < eh->e_shnum; i++) {
		if (sh[i].sh_type == SHT_SYMTAB) {
			if (symsec)
				die(1, "%s has two symbol tables", path);
			symsec = &sh[i];
		}
	}
	if (!symsec || symsec->sh_entsize != sizeof(Elf64_Sym) || symsec->sh_link >= eh->e_shnum)
		die(1, "%s has no usable symbol table", path);
	syms = elf_at(ef, symsec->sh_offset, symsec->sh_size, "symbol table");
	nsyms = symsec->sh_size / sizeof(Elf64_Sym);
	strtab = elf_at(ef, sh[symsec->sh_link].sh_offset, sh[symsec->sh_link].sh_size, "string table");
	strsize = sh[symsec->sh_link].sh_size;
	if (!strsize || strtab[strsize - 1])
		die(1, "%s: string table is not terminated", path);

	for (i = 1; i < nsyms; i++) {
		Elf64_Sym *s = &syms[i];
		const char *sym, *name;
		unsigned long sympos = 0;
		unsigned long long addr;
		int conv;

		if (s->st_shndx != SHN_UNDEF || s->st_name >= strsize)
			continue;
		sym = strtab + s->st_name;
		if (!*sym)
			continue;
		conv = parse_convention(sym, &name, &sympos);
		if (conv < 0) {
			fprintf(stderr, "foosched-resolve: %s: malformed name (want " PREFIX "<sympos>.<name>)\n", sym);
			errors++;
			continue;
		}
		if (!conv) {
			if (!in_list(sym))
				continue;
			name = sym;
		}
		if (resolve_one(sym, name, sympos, &addr)) {
			errors++;
			continue;
		}
		s->st_shndx = SHN_ABS;
		s->st_value = addr;
		resolved++;
		if (verbose)
			printf("%s = %016llx\n", sym, addr);
	}
	if (errors) {
		fprintf(stderr, "foosched-resolve: %s: %d symbol(s) could not be resolved; nothing written\n",
			path, errors);
		return -1;
	}
	if (verbose)
		printf("%d symbol(s) resolved\n", resolved);
	return 0;
}

static void write_atomically(struct elf_file *ef, const char *out)
{
	size_t len = strlen(out) + 16, done = 0;
	char *tmp = xrealloc(NULL, len);
	int fd;

	snprintf(tmp, len, "%s.XXXXXX", out);
	fd = mkstemp(tmp);
	if (fd < 0)
		die(1, "cannot create a temporary file next to %s: %s", out, strerror(errno));
	while (done < ef->size) {
		ssize_t n = write(fd, ef->data + done, ef->size - done);

		if (n <= 0) {
			unlink(tmp);
			die(1, "cannot write %s: %s", tmp, strerror(errno));
		}
		done += n;
	}
	if (fchmod(fd, 0644) || fsync(fd) || close(fd) || rename(tmp, out)) {
		unlink(tmp);
		die(1, "cannot write %s: %s", out, strerror(errno));
	}
	free(tmp);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: foosched-resolve [-v] [-n] [-k KALLSYMS] [-l LIST] -o OUT MODULE.ko\n"
		"  -k KALLSYMS  symbol table to resolve against (default /proc/kallsyms)\n"
		"  -l LIST      file of plain non-exported symbol names to resolve (one per line)\n"
		"  -o OUT       where to write the resolved module (atomically)\n"
		"  -n           check only, write nothing\n"
		"  -v           print every resolved symbol\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *kallsyms = "/proc/kallsyms", *list = NULL, *out = NULL;
	struct elf_file ef;
	int opt, dry_run = 0;

	while ((opt = getopt(argc, argv, "k:l:o:nvh")) != -1) {
		switch (opt) {
		case 'k': kallsyms = optarg; break;
		case 'l': list = optarg; break;
		case 'o': out = optarg; break;
		case 'n': dry_run = 1; break;
		case 'v': verbose = 1; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || (!out && !dry_run))
		usage();

	read_kallsyms(kallsyms);
	if (list)
		read_list(list);
	read_file(argv[optind], &ef);
	strip_signature(&ef, argv[optind]);
	if (resolve_module(&ef, argv[optind]))
		return 1;
	if (!dry_run)
		write_atomically(&ef, out);
	return 0;
}
