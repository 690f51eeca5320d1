/* Unit tests for loader/record.c: fd.name path resolution and defensive record decoding. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "events/record.h"

static void resolves(const char *base, const char *rel, const char *want)
{
	char out[REC_PATH_MAX];
	rec_path_resolve(base, rel, out, sizeof(out));
	cr_expect_str_eq(out, want, "resolve(%s, %s)", base ? base : "NULL", rel);
}

Test(record, path_resolve_falco_semantics)
{
	resolves(NULL, "/tmp/secret", "/tmp/secret");
	resolves("/tmp", "secret", "/tmp/secret");
	resolves("/", "secret", "/secret");
	resolves(NULL, "/tmp//secret", "/tmp/secret");
	resolves(NULL, "/tmp/./secret", "/tmp/secret");
	resolves("/a/b", "../c/./d//e", "/a/c/d/e");
	resolves(NULL, "/..", "/");
	resolves(NULL, "/../../x", "/x");
	resolves("/a", "..", "/");
	resolves(NULL, "/tmp/", "/tmp");
	resolves("/base", "/abs/ignores/base", "/abs/ignores/base");
	resolves(NULL, "rel/only", "rel/only"); /* no base known: left relative */
}

Test(record, path_resolve_cuts_safely)
{
	char out[8];
	rec_path_resolve("/aaaaaaaa", "bbbbbbbb", out, sizeof(out));
	cr_expect_eq(strlen(out), 7);
}

Test(record, decode_refuses_malformed)
{
	struct rec_view *v = calloc(1, sizeof(*v));
	const char *why = NULL;
	unsigned char buf[sizeof(struct lnr_sys) + 16];
	memset(buf, 0, sizeof(buf));
	cr_expect_not(rec_decode(buf, 4, v, &why));
	struct lnr_sys *s = (struct lnr_sys *)buf;
	s->h.kind = LNR_K_SYSCALL;
	s->h.size = sizeof(buf) + 1; /* claims more than there is */
	cr_expect_not(rec_decode(buf, sizeof(buf), v, &why));
	s->h.size = sizeof(buf);
	s->slot_len[0] = 17; /* overruns the 16 bytes of slot data */
	cr_expect_not(rec_decode(buf, sizeof(buf), v, &why));
	cr_expect_str_eq(why, "slot overruns the record");
	s->h.kind = 99;
	cr_expect_not(rec_decode(buf, sizeof(buf), v, &why));
	free(v);
}

Test(record, decode_resolves_slot_paths)
{
	struct rec_view *v = calloc(1, sizeof(*v));
	const char *why = NULL;
	unsigned char buf[sizeof(struct lnr_sys) + 32];
	memset(buf, 0, sizeof(buf));
	struct lnr_sys *s = (struct lnr_sys *)buf;
	s->h.kind = LNR_K_SYSCALL;
	s->h.size = sizeof(struct lnr_sys) + 14;
	memcpy(buf + sizeof(struct lnr_sys), "../x\0/tmp/d/e\0", 14);
	s->slot_len[LNR_SLOT_A] = 5;
	s->slot_len[LNR_SLOT_A_BASE] = 9;
	s->fd_kind = LNR_FD_FILE;
	cr_assert(rec_decode(buf, sizeof(buf), v, &why), "%s", why);
	cr_expect(v->has_a);
	cr_expect_str_eq(v->path_a, "/tmp/d/x");
	free(v);
}

/* A cwd record (LNR_K_CWD) of pid: chdir's argument and the real new cwd. */
static size_t cwd_rec(unsigned char *buf, size_t cap, int pid, int evt, const char *arg,
		      const char *real)
{
	memset(buf, 0, cap);
	struct lnr_proc_rec *r = (struct lnr_proc_rec *)buf;
	size_t off = sizeof(*r), al = arg ? strlen(arg) + 1 : 0, rl = strlen(real) + 1;
	r->h.kind = LNR_K_CWD;
	r->h.evt = (uint16_t)evt;
	r->h.pid = r->h.tid = (uint32_t)pid;
	if (al)
		memcpy(buf + off, arg, al);
	memcpy(buf + off + al, real, rl);
	r->slot_len[LNR_CSLOT_ARG] = (uint16_t)al;
	r->slot_len[LNR_CSLOT_REAL] = (uint16_t)rl;
	r->h.size = (uint32_t)(off + al + rl);
	return r->h.size;
}

Test(record, cwd_tracked_lexically_as_falco)
{
	struct proctable *pt = proctable_new(NULL);
	struct rec_view *v = calloc(1, sizeof(*v));
	unsigned char buf[sizeof(struct lnr_proc_rec) + 256];
	const char *why = NULL;
	struct proc_exec x = {.pid = 4242, .ppid = 1, .comm = "sh", .cwd = "/root"};
	cr_assert_eq(proctable_on_exec(pt, &x), 0);

	/* cd through a symlink: the argument, not the real directory */
	size_t n = cwd_rec(buf, sizeof(buf), 4242, EVT_chdir, "/tmp/link", "/etc");
	cr_assert(rec_decode(buf, n, v, &why), "%s", why);
	cr_expect(rec_apply_proc(pt, v));
	cr_expect_str_eq(proctable_get(pt, 4242)->cwd, "/tmp/link/");
	/* relative, with '..' removed as text */
	n = cwd_rec(buf, sizeof(buf), 4242, EVT_chdir, "sub/../other", "/etc/other");
	cr_assert(rec_decode(buf, n, v, &why), "%s", why);
	rec_apply_proc(pt, v);
	cr_expect_str_eq(proctable_get(pt, 4242)->cwd, "/tmp/link/other/");
	/* fchdir: the directory's path */
	n = cwd_rec(buf, sizeof(buf), 4242, EVT_fchdir, NULL, "/var/tmp");
	cr_assert(rec_decode(buf, n, v, &why), "%s", why);
	rec_apply_proc(pt, v);
	cr_expect_str_eq(proctable_get(pt, 4242)->cwd, "/var/tmp/");

	/* a cwd-relative open is joined to the tracked cwd, not to the real base slot */
	n = cwd_rec(buf, sizeof(buf), 4242, EVT_chdir, "/tmp/link", "/etc");
	cr_assert(rec_decode(buf, n, v, &why), "%s", why);
	rec_apply_proc(pt, v);
	unsigned char sb[sizeof(struct lnr_sys) + 32];
	memset(sb, 0, sizeof(sb));
	struct lnr_sys *s = (struct lnr_sys *)sb;
	s->h.kind = LNR_K_SYSCALL;
	s->h.evt = EVT_openat;
	s->h.pid = s->h.tid = 4242;
	s->h.flags = LNR_RF_CWD_A;
	s->h.size = sizeof(struct lnr_sys) + 13;
	memcpy(sb + sizeof(struct lnr_sys), "shadow\0/etc\0", 12);
	s->slot_len[LNR_SLOT_A] = 7;
	s->slot_len[LNR_SLOT_A_BASE] = 5;
	s->fd_kind = LNR_FD_FILE;
	cr_assert(rec_decode(sb, sizeof(sb), v, &why), "%s", why);
	cr_expect_str_eq(v->path_a, "/etc/shadow"); /* the record alone: the real cwd */
	cr_expect_not(rec_apply_proc(pt, v));
	cr_expect_str_eq(v->path_a, "/tmp/link/shadow"); /* Falco's */
	free(v);
	proctable_free(pt);
}
