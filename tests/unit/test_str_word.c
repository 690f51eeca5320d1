/* rules/strings.h on the host: LNR_STR_EQ and LNR_STR_PREFIX (a word compare for a constant of 1
 * to 8 bytes, byte by byte past that) against memcmp, on values whose buffer holds other bytes
 * past their length, as the per-CPU values do from an earlier event. */
#include <criterion/criterion.h>

#define LNR_HOST 1
#include "rules/rt.h"
#include "rules/strings.h"

typedef LNR_STR(16) val16_t;

static void set(val16_t *v, const char *s, char fill)
{
	memset(v->s, fill, sizeof(v->s));
	v->len = (__u32)strlen(s);
	memcpy(v->s, s, v->len);
	v->st = LNR_ST_OK;
}

static int ref_eq(const val16_t *v, const char *c)
{
	return v->len == strlen(c) && memcmp(v->s, c, v->len) == 0;
}

static int ref_prefix(const val16_t *v, const char *c)
{
	return v->len >= strlen(c) && memcmp(v->s, c, strlen(c)) == 0;
}

/* every constant below against every value, with two different fills past the value */
#define CHECK(c)                                                                                   \
	do {                                                                                       \
		for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++)                        \
			for (int f = 0; f < 2; f++) {                                              \
				val16_t v;                                                         \
				set(&v, vals[i], f ? (c)[0] : 0);                                  \
				cr_expect_eq(!!LNR_STR_EQ(v, c), ref_eq(&v, c), "\"%s\" = \"%s\"", \
					     vals[i], c);                                          \
				cr_expect_eq(!!LNR_STR_PREFIX(v, c), ref_prefix(&v, c),            \
					     "\"%s\" startswith \"%s\"", vals[i], c);              \
			}                                                                          \
	} while (0)

Test(str_word, eq_and_prefix_agree_with_memcmp)
{
	static const char *const vals[] = {
		"",	    "/",       "f",	    "s",	 "ss",	     "sshd",	  "sshd2",
		"sshe",	    "/etc",    "/etc/",	    "/etcx",	 "/et",	     "/proc",	  "/proc/1",
		"/usr/bin", "/usr/bi", "/usr/bin/", "/usr/binx", "abcdefgh", "abcdefghi", "abcdefg",
	};
	CHECK("f");
	CHECK("/");
	CHECK("sshd");
	CHECK("/etc");
	CHECK("/proc");
	CHECK("/usr/bin");
	CHECK("abcdefg");
	CHECK("abcdefgh");
	CHECK("abcdefghi");
	CHECK("/usr/bin/");
}
