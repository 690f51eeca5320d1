/* Unit tests for loader/record.c: fd.name path resolution and defensive record decoding. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

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
