/* The kernel's path normalisation (rules/rt.h lnr_pn_*) against userspace's rec_path_resolve on
 * random absolute paths and base + relative joins: the kernel decides fd.name and path
 * parameters on its result, so the two must agree byte for byte. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#define LNR_HOST 1
#include "record.h"
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
