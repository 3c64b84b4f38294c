// SPDX-License-Identifier: GPL-2.0
/*
 * The redirects: validating the generated table, checking the live text
 * before any change, and writing / restoring the jumps.
 *
 * A traceable function keeps its first 5 bytes (ftrace's fentry NOP) and
 * gets "jmp module_fn" at entry+5, so ftrace, kprobes and perf can still
 * hook the vmlinux entry: they run, return to entry+5, and fall into the
 * jump.  A notrace function gets the jump at entry+0.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include "arch.h"
#include "internal.h"
#include "vmlinux.h"

struct fs_patch_state {
	u8 saved[FS_ARCH_JUMP_SIZE];	/* live bytes before our jump */
	u8 jump[FS_ARCH_JUMP_SIZE];	/* our jump, as written */
	bool redirected;
};

static struct fs_patch_state *fs_state;

static int fs_patch_check_reserved(const struct foosched_redirect *r);
/* Index of the entry whose write failed inside stop_machine, for the report. */
static int fs_apply_failed = -1;

static inline unsigned long fs_site(const struct foosched_redirect *r)
{
	return r->old_addr + r->patch_off;
}

bool fs_patch_is_redirected(unsigned int i)
{
	return i < foosched_nr_redirects && READ_ONCE(fs_state[i].redirected);
}

/* Table properties that cannot change at run time: reject a broken build early. */
static int fs_patch_validate(const struct foosched_redirect *r, unsigned int i)
{
	unsigned int j;

	if (r->patch_off != 0 && r->patch_off != FS_ARCH_JUMP_SIZE) {
		pr_err("%s,%u: patch offset %u is neither 0 nor %d; rebuild the module\n",
		       r->name, r->sympos, r->patch_off, FS_ARCH_JUMP_SIZE);
		return -ENOEXEC;
	}
	if (!!(r->flags & FOOSCHED_F_FENTRY) != (r->patch_off != 0)) {
		pr_err("%s,%u: table says offset %u but fentry flag %d; rebuild the module\n",
		       r->name, r->sympos, r->patch_off, !!(r->flags & FOOSCHED_F_FENTRY));
		return -ENOEXEC;
	}
	if (r->old_size < r->patch_off + FS_ARCH_JUMP_SIZE) {
		pr_err("%s,%u: only %u bytes long, a jump at +%u does not fit; it cannot be redirected\n",
		       r->name, r->sympos, r->old_size, r->patch_off);
		return -ENOEXEC;
	}
	if (!within_module_core(r->new_addr, THIS_MODULE)) {
		pr_err("%s,%u: replacement %px is not in this module's text\n",
		       r->name, r->sympos, (void *)r->new_addr);
		return -ENOEXEC;
	}
	for (j = 0; j < i; j++) {
		if (foosched_redirects[j].old_addr == r->old_addr) {
			pr_err("%s,%u and %s,%u are the same vmlinux function (aliases); list it once\n",
			       foosched_redirects[j].name, foosched_redirects[j].sympos,
			       r->name, r->sympos);
			return -ENOEXEC;
		}
	}
	return 0;
}

int fs_patch_init(void)
{
	unsigned int i;
	int err;

	for (i = 0; i < foosched_nr_colds; i++) {
		const struct foosched_cold *c = &foosched_colds[i];

		if (c->idx >= foosched_nr_redirects) {
			pr_err("cold part %u refers to entry %u of %u; rebuild the module\n",
			       i, c->idx, foosched_nr_redirects);
			return -ENOEXEC;
		}
		foosched_redirects[c->idx].cold_addr = c->addr;
		foosched_redirects[c->idx].cold_size = c->size;
	}
	for (i = 0; i < foosched_nr_redirects; i++) {
		err = fs_patch_validate(&foosched_redirects[i], i);
		if (!err)
			err = fs_patch_check_reserved(&foosched_redirects[i]);
		if (err)
			return err;
	}
	fs_state = kcalloc(max(foosched_nr_redirects, 1U), sizeof(*fs_state), GFP_KERNEL);
	return fs_state ? 0 : -ENOMEM;
}

void fs_patch_exit(void)
{
	kfree(fs_state);
	fs_state = NULL;
}

/* Name what a foreign branch at @site points to: a module, a trampoline, a symbol. */
static void fs_describe_branch(const struct foosched_redirect *r, const char *what,
			       const u8 *live, unsigned long site)
{
	unsigned long target = fs_arch_branch_target(live, site);
	char owner[MODULE_NAME_LEN + 8] = "";
	struct module *mod;

	if (target) {
		preempt_disable();
		mod = fs_module_text_address(target);
		if (mod)
			snprintf(owner, sizeof(owner), " [module %s]", mod->name);
		preempt_enable();
		pr_err("%s,%u: %s at +%u holds %*ph (%s), branching to %pS%s; remove that user first\n",
		       r->name, r->sympos, what, (unsigned int)(site - r->old_addr),
		       FS_ARCH_JUMP_SIZE, live, fs_arch_describe(live, FS_ARCH_JUMP_SIZE),
		       (void *)target, owner);
	} else {
		pr_err("%s,%u: %s at +%u holds %*ph (%s)\n",
		       r->name, r->sympos, what, (unsigned int)(site - r->old_addr),
		       FS_ARCH_JUMP_SIZE, live, fs_arch_describe(live, FS_ARCH_JUMP_SIZE));
	}
}

/*
 * Sites the kernel itself rewrites at run time (jump labels, static calls)
 * must not lie under a jump.  vmlinux's tables of them never change after
 * boot, so this is decided once, at module init.
 */
static int fs_patch_check_reserved(const struct foosched_redirect *r)
{
	void *site = (void *)fs_site(r);
	void *site_end = site + FS_ARCH_JUMP_SIZE - 1;

	if (r->flags & (FOOSCHED_F_JUMP_LABEL | FOOSCHED_F_STATIC_CALL)) {
		pr_err("%s,%u: the patch range +%u..+%u overlaps a %s site, which the kernel rewrites at run time; it cannot be redirected\n",
		       r->name, r->sympos, r->patch_off, r->patch_off + FS_ARCH_JUMP_SIZE - 1,
		       (r->flags & FOOSCHED_F_JUMP_LABEL) ? "jump-label" : "static-call");
		return -ENOEXEC;
	}
	/* The build's flags come from vmlinux; the kernel's own tables have the last word. */
	if (fs_jump_label_text_reserved(site, site_end) ||
	    fs_static_call_text_reserved(site, site_end)) {
		pr_err("%s,%u: the kernel reports a jump-label or static-call site in +%u..+%u; it cannot be redirected\n",
		       r->name, r->sympos, r->patch_off, r->patch_off + FS_ARCH_JUMP_SIZE - 1);
		return -ENOEXEC;
	}
	return 0;
}

static int fs_check_enable_one(const struct foosched_redirect *r, struct fs_patch_state *s)
{
	void *site = (void *)fs_site(r);
	void *site_end = site + FS_ARCH_JUMP_SIZE - 1;
	u8 live[FS_ARCH_JUMP_SIZE];

	if (r->patch_off) {
		if (fs_ftrace_location(r->old_addr) != r->old_addr) {
			pr_err("%s,%u: the table says it starts with an fentry site, but ftrace has no record at its entry; the module was built for another kernel\n",
			       r->name, r->sympos);
			return -ENOEXEC;
		}
		memcpy(live, (void *)r->old_addr, FS_ARCH_JUMP_SIZE);
		if (!fs_arch_is_ftrace_nop(live)) {
			fs_describe_branch(r, "the fentry site (hooked: ftrace filter/tracer, kprobe, livepatch, kpatch or BPF)",
					   live, r->old_addr);
			return -ETXTBSY;
		}
	} else if (fs_ftrace_text_reserved((void *)r->old_addr, site_end)) {
		pr_err("%s,%u: the table says notrace (jump at +0), but ftrace owns bytes there; the module was built for another kernel\n",
		       r->name, r->sympos);
		return -ENOEXEC;
	}

	memcpy(live, site, FS_ARCH_JUMP_SIZE);
	if (memcmp(live, r->expected, FS_ARCH_JUMP_SIZE) &&
	    !((r->flags & FOOSCHED_F_BOOT_PATCHED) &&
	      fs_arch_is_boot_rewrite(live, r->expected, FS_ARCH_JUMP_SIZE))) {
		bool foreign = fs_arch_is_foreign(live, FS_ARCH_JUMP_SIZE);

		pr_err("%s,%u: expected %*ph at +%u%s\n", r->name, r->sympos,
		       FS_ARCH_JUMP_SIZE, r->expected, r->patch_off,
		       (r->flags & FOOSCHED_F_BOOT_PATCHED) ?
		       " (the range holds a site the kernel patches at boot: alternatives, retpolines, return thunks)" : "");
		fs_describe_branch(r, "the patch site", live, (unsigned long)site);
		return foreign ? -ETXTBSY : -ENOEXEC;
	}

	if (fs_arch_encode_jump(s->jump, (unsigned long)site, r->new_addr)) {
		pr_err("%s,%u: the module function %pS is out of jump range\n",
		       r->name, r->sympos, (void *)r->new_addr);
		return -ERANGE;
	}
	memcpy(s->saved, live, FS_ARCH_JUMP_SIZE);
	return 0;
}

static int fs_check_disable_one(const struct foosched_redirect *r, const struct fs_patch_state *s)
{
	u8 live[FS_ARCH_JUMP_SIZE];

	memcpy(live, (void *)fs_site(r), FS_ARCH_JUMP_SIZE);
	if (memcmp(live, s->jump, FS_ARCH_JUMP_SIZE)) {
		pr_err("%s,%u: our jump %*ph was overwritten while redirected\n",
		       r->name, r->sympos, FS_ARCH_JUMP_SIZE, s->jump);
		fs_describe_branch(r, "the patch site", live, fs_site(r));
		return -ETXTBSY;
	}
	return 0;
}

/*
 * Every check that can refuse, before anything changes.  Called with
 * cpus_read_lock and text_mutex held, so no other text writer (ftrace,
 * kprobes, jump labels, static calls, BPF, livepatch) can change the
 * bytes between this check and the write in stop_machine.  Reports every
 * refused function, returns the first error.
 */
int fs_patch_check(bool enable)
{
	unsigned int i;
	int err, first = 0;

	for (i = 0; i < foosched_nr_redirects; i++) {
		const struct foosched_redirect *r = &foosched_redirects[i];

		if (enable)
			err = fs_check_enable_one(r, &fs_state[i]);
		else
			err = fs_check_disable_one(r, &fs_state[i]);
		if (err && !first)
			first = err;
	}
	return first;
}

static void fs_write_one(unsigned int i, bool enable)
{
	const struct foosched_redirect *r = &foosched_redirects[i];
	struct fs_patch_state *s = &fs_state[i];

	fs_arch_write_text((void *)fs_site(r), enable ? s->jump : s->saved, FS_ARCH_JUMP_SIZE);
	WRITE_ONCE(s->redirected, enable);
}

/*
 * Inside stop_machine, on one CPU, all others spinning: write every jump
 * (or restore every original).  The bytes were checked under text_mutex,
 * so a mismatch here means memory corruption; undo what was written and
 * fail rather than write over unknown code.
 */
int fs_patch_apply(bool enable)
{
	unsigned int i, j;

	for (i = 0; i < foosched_nr_redirects; i++) {
		const struct foosched_redirect *r = &foosched_redirects[i];
		const struct fs_patch_state *s = &fs_state[i];
		const u8 *want = enable ? s->saved : s->jump;
		const u8 *now = enable ? s->jump : s->saved;

		if (memcmp((void *)fs_site(r), want, FS_ARCH_JUMP_SIZE))
			goto undo;
		fs_write_one(i, enable);
		if (memcmp((void *)fs_site(r), now, FS_ARCH_JUMP_SIZE))
			goto undo_this;
	}
	fs_apply_failed = -1;
	return 0;

undo_this:
	fs_write_one(i, !enable);
undo:
	fs_apply_failed = i;
	for (j = 0; j < i; j++)
		fs_write_one(j, !enable);
	return -EIO;
}

void fs_patch_report_apply_error(bool enable)
{
	const struct foosched_redirect *r;

	if (fs_apply_failed < 0)
		return;
	r = &foosched_redirects[fs_apply_failed];
	pr_err("%s,%u: text changed between the check and the %s inside stop_machine; everything was put back\n",
	       r->name, r->sympos, enable ? "redirect" : "restore");
}
