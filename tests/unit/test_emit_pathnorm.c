/* The kernel's path normalisation (rules/rt.h lnr_pn_*) against userspace's rec_path_resolve on
 * random absolute paths and base + relative joins: the kernel decides fd.name and path
 * parameters on its result, so the two must agree byte for byte. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#define LNR_HOST 1
#include "events/record.h"
#include "rules/rt.h"

static char out[LNR_PN_MAX];

static bool kernel_norm(const char *base, const char *rel, char *res, size_t *last_slash)
{
	struct lnr_pathnorm n;
	lnr_pn_init(&n, out);
	if (rel[0] != '/' && base && base[0]) {
		for (const char *p = base; *p; p++)
			lnr_pn_char(&n, out, *p);
		lnr_pn_char(&n, out, '/');
	} else if (rel[0] != '/') {
		return false; /* relative without a base: the kernel says UNKNOWN */
	}
	for (const char *p = rel; *p; p++)
		lnr_pn_char(&n, out, *p);
	lnr_pn_end(&n);
	if (n.bad)
		return false;
	memcpy(res, out, n.len);
	res[n.len] = 0;
	*last_slash = n.last_slash;
	return true;
}

static const char *const comps[] = {"", ".", "..", "a", "bb", "etc", "...", ".x", "x.", "secret"};

static void random_path(unsigned *seed, char *buf, size_t cap, bool abs)
{
	size_t k = 0;
	int n = rand_r(seed) % 8;
	if (abs)
		buf[k++] = '/';
	for (int i = 0; i < n && k + 16 < cap; i++) {
		const char *c = comps[rand_r(seed) % 10];
		size_t l = strlen(c);
		memcpy(buf + k, c, l);
		k += l;
		int slashes = rand_r(seed) % 3;
		if (i + 1 < n || rand_r(seed) % 2)
			for (int j = 0; j <= slashes && k + 2 < cap; j++)
				buf[k++] = '/';
	}
	buf[k] = 0;
}

Test(emit_pathnorm, same_as_userspace)
{
	unsigned seed = 12345;
	char base[256], rel[256], user[REC_PATH_MAX], kern[LNR_PN_MAX];
	int checked = 0;
	for (int i = 0; i < 200000; i++) {
		random_path(&seed, base, sizeof(base), true);
		random_path(&seed, rel, sizeof(rel), rand_r(&seed) % 2);
		rec_path_resolve(base, rel, user, sizeof(user));
		size_t ls;
		if (!kernel_norm(base, rel, kern, &ls))
			continue;
		cr_assert_str_eq(kern, user, "base '%s' rel '%s'", base, rel);
		/* fd.directory / fd.filename split at last_slash */
		const char *sl = strrchr(user, '/');
		cr_assert_eq((size_t)(sl - user), ls, "last slash of '%s'", user);
		checked++;
	}
	cr_assert_gt(checked, 100000);
}

Test(emit_pathnorm, crafted)
{
	const char *cases[][3] = {
		{NULL, "/tmp//secret", "/tmp/secret"},
		{NULL, "/tmp/./secret", "/tmp/secret"},
		{"/tmp", "secret", "/tmp/secret"},
		{NULL, "/a/b/../c", "/a/c"},
		{NULL, "/../..", "/"},
		{NULL, "/tmp/secret/", "/tmp/secret"},
		{NULL, "/tmp/secret/.", "/tmp/secret"},
		{"/", "x", "/x"},
		{"/a/b", "../../../x", "/x"},
		{NULL, "/", "/"},
		{"/root/.pyenv/versions/3.11/bin", "../lib/python3.11",
		 "/root/.pyenv/versions/3.11/lib/python3.11"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char k[LNR_PN_MAX];
		size_t ls;
		cr_assert(kernel_norm(cases[i][0], cases[i][1], k, &ls));
		cr_assert_str_eq(k, cases[i][2]);
	}
	/* more components than the kernel keeps: not decided */
	char deep[1024] = "";
	for (int i = 0; i < LNR_PN_DEPTH + 1; i++)
		strcat(deep, "/d");
	char k[LNR_PN_MAX];
	size_t ls;
	cr_assert(!kernel_norm(NULL, deep, k, &ls));
}

/* The fast path (lnr_pn_clean): when it takes a path as it is, the normaliser must give the same
 * bytes and the same last '/'; and it must take the usual clean paths (else it saves nothing). */
static bool fast_norm_dd(const char *p, size_t *last_slash, bool *dotdot)
{
	static char buf[LNR_PN_MAX + 16]; /* lnr_pn_clean reads up to 11 bytes past the path */
	size_t l = strlen(p);
	memset(buf, '/', sizeof(buf)); /* what follows the NUL must not matter */
	memcpy(buf, p, l);
	buf[l] = 0;
	__u32 ls = 0, dd = 0;
	if (!lnr_pn_clean(buf, (__u32)l, &ls, &dd))
		return false;
	*last_slash = ls;
	*dotdot = dd != 0;
	return true;
}

static bool fast_norm(const char *p, size_t *last_slash)
{
	bool dd;
	return fast_norm_dd(p, last_slash, &dd);
}

static void check_fast(const char *p, int *taken)
{
	size_t fls, kls;
	char k[LNR_PN_MAX];
	bool dd;
	if (!fast_norm_dd(p, &fls, &dd))
		return;
	(*taken)++;
	/* what LNR_RAW_DD decides fd.nameraw's `contains ../` by */
	cr_assert_eq(dd, strstr(p, "../") != NULL, "'../' in '%s'", p);
	cr_assert(kernel_norm(NULL, p, k, &kls), "fast path took '%s', the normaliser refuses it",
		  p);
	cr_assert_str_eq(k, p, "fast path took '%s' as it is", p);
	cr_assert_eq(fls, kls, "last slash of '%s'", p);
}

static const char *const fcomps[] = {".",      "..",   "...", ".x",  "x.", "a", "etc",
				     "id_rsa", ".ssh", "x..", "..x", "/",  "é", "\x7f\x80"};

Test(emit_pathnorm, fast_path_same_as_normaliser)
{
	unsigned seed = 777;
	char p[600];
	int taken = 0, n = 0;
	for (int i = 0; i < 300000; i++) {
		size_t k = 0;
		int nc = rand_r(&seed) % 40;
		if (rand_r(&seed) % 8)
			p[k++] = '/';
		for (int c = 0; c < nc && k + 16 < sizeof(p); c++) {
			const char *s = fcomps[rand_r(&seed) % 14];
			size_t l = strlen(s);
			memcpy(p + k, s, l);
			k += l;
			if (c + 1 < nc || rand_r(&seed) % 4 == 0)
				p[k++] = '/';
		}
		p[k] = 0;
		check_fast(p, &taken);
		n++;
	}
	cr_assert_gt(taken, n / 20, "fast path taken %d times of %d", taken, n);
	/* around the length and depth limits, and word boundaries */
	for (size_t len = 2; len < LNR_PN_FAST_MAX + 20; len++) {
		for (int step = 2; step <= 9; step++) {
			size_t k = 0;
			while (k < len) {
				p[k] = (k % (size_t)step) == 0 ? '/' : 'a';
				k++;
			}
			p[k] = 0;
			check_fast(p, &taken);
			p[len - 1] = '.';
			check_fast(p, &taken);
			if (len >= 2 && p[len - 2] == '/') {
				/* "/." at the end: must not be taken */
				size_t ls;
				cr_assert(!fast_norm(p, &ls), "'%s'", p);
			}
		}
	}
}

Test(emit_pathnorm, fast_path_crafted)
{
	const char *yes[] = {"/tmp/lanner-bench-open.XXXXXX",
			     "/a",
			     "/root/.ssh/id_rsa",
			     "/a/...",
			     "/a/..b/c",
			     "/a/b..",
			     "/etc/shadow",
			     "/x/.y./z"};
	const char *no[] = {"/",     "a/b",   "/a//b", "/a/./b", "/a/../b", "/a/.",
			    "/a/..", "/a/b/", "//",    "/.",	 "/..",	    "./a"};
	size_t ls;
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		cr_assert(fast_norm(yes[i], &ls), "'%s' taken", yes[i]);
		cr_assert_eq(ls, (size_t)(strrchr(yes[i], '/') - yes[i]), "'%s'", yes[i]);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		cr_assert(!fast_norm(no[i], &ls), "'%s' not taken", no[i]);
	/* LNR_PN_DEPTH components: taken; one more: the normaliser says too deep, so must not be */
	char deep[1024] = "";
	for (int i = 0; i < LNR_PN_DEPTH; i++)
		strcat(deep, "/d");
	cr_assert(fast_norm(deep, &ls));
	strcat(deep, "/d");
	cr_assert(!fast_norm(deep, &ls));
	/* longer than the fast path looks at: left to the normaliser */
	char lng[LNR_PN_FAST_MAX + 8];
	memset(lng, 'a', sizeof(lng) - 1);
	lng[0] = '/';
	lng[sizeof(lng) - 1] = 0;
	cr_assert(!fast_norm(lng, &ls));
	/* no NUL right after the path (a cut slot): not taken */
	char cut[32] = "/tmp/abc//////////////////////";
	__u32 ls32, dd;
	cr_assert(!lnr_pn_clean(cut, 8, &ls32, &dd));
	cut[8] = 0;
	cr_assert(lnr_pn_clean(cut, 8, &ls32, &dd) && ls32 == 4);
}

/* "../" anywhere in a path the fast path takes (fd.nameraw's `contains ../`, LNR_RAW_DD): after
 * any byte, across word boundaries; a ".." not followed by '/' is none */
Test(emit_pathnorm, fast_path_dotdot)
{
	const char *dd[] = {"/a/x../b",
			    "/a..../b",
			    "/abcde../x",
			    "/abcdef../x",
			    "/abcdefg../x",
			    "/.../x",
			    "/a/b/c/d/e/f/g/h/i/j/k../l"};
	const char *nodd[] = {"/a/..b",
			      "/a/b..",
			      "/a./b",
			      "/.a/b",
			      "/a.b/c.d/e..f",
			      "/abcdef./x",
			      "/abcdefg./x",
			      "/tmp/lanner-bench-open.XXXXXX",
			      "/etc/ld.so.cache",
			      "/lib/x86_64-linux-gnu/libc.so.6"};
	size_t ls;
	bool d;
	for (size_t i = 0; i < sizeof(dd) / sizeof(dd[0]); i++)
		cr_assert(fast_norm_dd(dd[i], &ls, &d) && d, "'%s': taken, with '../'", dd[i]);
	for (size_t i = 0; i < sizeof(nodd) / sizeof(nodd[0]); i++)
		cr_assert(fast_norm_dd(nodd[i], &ls, &d) && !d, "'%s': taken, no '../'", nodd[i]);
	/* "../" ending at every offset of a long path */
	char p[LNR_PN_FAST_MAX + 1];
	for (size_t at = 1; at + 3 < LNR_PN_FAST_MAX; at++) {
		memset(p, 'a', LNR_PN_FAST_MAX);
		p[0] = '/';
		p[LNR_PN_FAST_MAX] = 0;
		memcpy(p + at, "x../", 4);
		if (at + 4 < LNR_PN_FAST_MAX)
			cr_assert(fast_norm_dd(p, &ls, &d) && d, "at %zu", at);
		p[at + 3] = 'y'; /* "x..y": none */
		cr_assert(fast_norm_dd(p, &ls, &d) && !d, "at %zu: none", at);
	}
}
