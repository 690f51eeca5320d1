/* The regex engine (common/regex.h): RE2 with Falco's options — POSIX syntax, full match,
 * invalid UTF-8 in the value replaced by U+FFFD — and what it refuses, with the position. */
#include <criterion/criterion.h>
#include <string.h>
#include <time.h>

#include "common/regex.h"
#include "common/utf8.h"

static bool m(const char *pat, const char *s)
{
	char err[200];
	struct lnr_regex *re = lnr_regex_compile(pat, strlen(pat), err, sizeof(err), NULL);
	cr_assert(re, "'%s' refused: %s", pat, err);
	bool r = lnr_regex_full_match(re, s, strlen(s));
	lnr_regex_free(re);
	return r;
}

/* The pattern is refused; returns the offset of the offending text, err gets the message. */
static size_t refused(const char *pat, char *err, size_t errlen)
{
	size_t at = 999;
	struct lnr_regex *re = lnr_regex_compile(pat, strlen(pat), err, errlen, &at);
	cr_assert_null(re, "'%s' accepted", pat);
	return at;
}

Test(regex, full_match_not_search)
{
	cr_expect(m("ba.h", "bash"));
	cr_expect(!m("as", "bash"));
	cr_expect(!m("bas", "bash"));
	cr_expect(!m("ash", "bash"));
	cr_expect(m("bash|zsh", "zsh"));
	cr_expect(m("", ""));
	cr_expect(!m("", "x"));
	cr_expect(m("/tmp/[a-z]+\\.sh", "/tmp/evil.sh"));
	/* leftmost-longest does not change what a full match accepts */
	cr_expect(m("(a|ab)(c|bcd)", "abcd"));
}

Test(regex, posix_syntax_refuses_what_falco_refuses)
{
	char err[200];
	/* lookahead: RE2 has none; in POSIX syntax "(?" is a repetition without argument */
	size_t at = refused("/etc/(?=shadow)", err, sizeof(err));
	cr_expect_str_eq(err, "no argument for repetition operator: ?");
	cr_expect_eq(at, 6, "offset %zu (%s)", at, err);
	/* backreference */
	at = refused("(a)\\1", err, sizeof(err));
	cr_expect(strstr(err, "invalid escape sequence") != NULL, "%s", err);
	cr_expect_eq(at, 3, "offset %zu", at);
	/* Perl classes and word boundaries are not POSIX syntax */
	at = refused("x\\\\y\\d", err, sizeof(err));
	cr_expect_eq(at, 4, "offset %zu (%s): the escaped \\\\ before y is not the error", at, err);
	refused("\\bx", err, sizeof(err));
	refused("\\w+", err, sizeof(err));
	/* unbalanced */
	at = refused("a(b", err, sizeof(err));
	cr_expect_str_eq(err, "missing ): a(b");
	cr_expect_eq(at, 0);
	refused("[a-", err, sizeof(err));
	/* POSIX classes are POSIX syntax; Perl's (?i) flag groups are not */
	cr_expect(m("[[:digit:]]+", "123"));
	refused("(?i)bash", err, sizeof(err));
}

Test(regex, invalid_utf8_value_is_replaced)
{
	/* each maximal subpart of an ill-formed sequence is one U+FFFD, which '.' matches */
	cr_expect(m("/tmp/.", "/tmp/\xff"));
	cr_expect(m("/tmp/..", "/tmp/\xff\xfe"));
	cr_expect(m("/tmp/.", "/tmp/\xe2\x82")); /* truncated 3-byte sequence: one subpart */
	cr_expect(m("/tmp/..", "/tmp/\xed\xa0\x80") == false); /* surrogate: 3 replacements */
	cr_expect(m("/tmp/...", "/tmp/\xed\xa0\x80"));
	cr_expect(m("/tmp/\xef\xbf\xbd", "/tmp/\xc0"));
	cr_expect(m("/tmp/\xe2\x82\xac", "/tmp/\xe2\x82\xac")); /* valid € untouched */
	char out[16];
	size_t n = utf8_sanitize("a\xf0\x9f\x98", 4, out, sizeof(out));
	cr_expect_eq(n, 4);
	cr_expect(memcmp(out, "a\xef\xbf\xbd", 4) == 0);
}

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Patterns that make a backtracking engine exponential: RE2 answers (correctly) at once. The
 * bound is generous (sanitizer build, shared machine): PCRE2 needed seconds or gave up. */
Test(regex, no_catastrophic_backtracking)
{
	char s[4097];
	memset(s, 'a', sizeof(s) - 1);
	s[sizeof(s) - 1] = 0;
	double t0 = now();
	cr_expect(!m("(a+)+b", s));
	cr_expect(!m("(a|aa)*c", s));
	cr_expect(!m("(.*a){20}b", s));
	cr_expect(m("(a|aa)*", s));
	double el = now() - t0;
	cr_expect_lt(el, 5.0, "took %.3f s", el);
}
