/* rules/env_scan.h on the host: the word-skip scan of proc.env (contains and icontains) against a
 * plain search, with the needle at every offset of a word, in either case, split by a NUL, and
 * with its first two bytes at a word's last position (where the second is in the next word). */
#include <criterion/criterion.h>

#define LNR_HOST 1
#include "rules/rt.h"
#include "rules/strings.h"
#include "rules/env_scan.h"

#define ENV_SIZE 512

static char env[ENV_SIZE];
static const char *needle;
static __u32 needle_len;
static int needle_fold;

static long step(__u32 i, void *ctx)
{
	(void)i;
	return lnr_env_step(ctx, env, ENV_SIZE - 1, needle, needle_len, needle_fold);
}

/* what the generated leaf computes: 1, 0 or LNR_U */
static int scan(__u32 len)
{
	return lnr_env_contains(len, ENV_SIZE, needle_len, step);
}

static int plain(__u32 len)
{
	for (__u32 at = 0; at + needle_len <= len; at++) {
		__u32 i = 0;
		for (; i < needle_len; i++) {
			char ch = env[at + i];
			if (needle_fold && ch >= 'A' && ch <= 'Z')
				ch = (char)(ch - 'A' + 'a');
			if (ch != needle[i])
				break;
		}
		if (i == needle_len)
			return 1;
	}
	return 0;
}

static void use(const char *n, int fold)
{
	needle = n;
	needle_len = (__u32)strlen(n);
	needle_fold = fold;
}

/* filler: variables full of the needle's first byte, some followed by its second byte's
 * neighbours, so most words hold candidates of the first byte alone */
static __u32 fill(unsigned seed)
{
	const char *vars[] = {"LANG=C.UTF-8", "LOGNAME=root", "XDG_SESSION_ID=2",
			      "HOME=/root",   "gLgl=g",	      "PATH=/usr/local/bin:/usr/bin",
			      "G=GG",	      "SHLVL=1"};
	__u32 len = 0;
	memset(env, 'x', sizeof(env));
	for (unsigned k = 0; len < 300; k++) {
		const char *v = vars[(seed + k * 7) % 8];
		size_t n = strlen(v);
		memcpy(env + len, v, n);
		len += (__u32)n;
		env[len++] = 0;
	}
	return len;
}

static void check_all_offsets(const char *n, const char *planted, int fold)
{
	use(n, fold);
	for (unsigned seed = 0; seed < 8; seed++)
		for (__u32 at = 0; at < 40; at++) {
			__u32 len = fill(seed);
			cr_assert_eq(scan(len), plain(len), "no needle, seed %u", seed);
			size_t pn = strlen(planted);
			memcpy(env + 100 + at, planted, pn);
			cr_expect_eq(plain(len), 1);
			cr_expect_eq(scan(len), 1, "\"%s\" for \"%s\" at %u (seed %u)", planted, n,
				     100 + at, seed);
			/* cut by a NUL: the needle is not there */
			env[100 + at + pn / 2] = 0;
			cr_expect_eq(scan(len), plain(len), "cut at %u", 100 + at);
		}
}

Test(env_scan, icontains_every_offset)
{
	check_all_offsets("glibc_tunables", "GLIBC_TUNABLES", 1);
	check_all_offsets("glibc_tunables", "glibc_Tunables", 1);
	check_all_offsets("http_proxy", "HTTP_PROXY", 1);
}

Test(env_scan, contains_every_offset)
{
	check_all_offsets("LD_PRELOAD", "LD_PRELOAD", 0);
	/* a case that contains does not fold: never found */
	use("LD_PRELOAD", 0);
	for (__u32 at = 0; at < 16; at++) {
		__u32 len = fill(at);
		memcpy(env + 64 + at, "ld_preload", 10);
		cr_expect_eq(scan(len), 0);
	}
}

/* The first byte at a word's last position, the second at the next word's first: kept as a
 * candidate whatever the word's own bytes after it. */
Test(env_scan, pair_across_words)
{
	use("gl", 1);
	for (__u32 w = 0; w < 8; w++) {
		memset(env, 'x', sizeof(env));
		env[8 * w + 7] = 'G';
		env[8 * w + 8] = 'L';
		cr_expect_eq(scan(200), 1, "word %u", w);
		env[8 * w + 8] = 'G';
		cr_expect_eq(scan(200), 0, "word %u", w);
	}
}

/* A one-byte needle (no second byte to test) and a needle at the very end of the value. */
Test(env_scan, short_and_last)
{
	use("q", 0);
	memset(env, 'x', sizeof(env));
	cr_expect_eq(scan(100), 0);
	env[99] = 'q';
	cr_expect_eq(scan(100), 1);
	cr_expect_eq(scan(99), 0);
	use("xq", 0);
	cr_expect_eq(scan(100), 1);
	use("glibc_tunables", 1);
	memset(env, 'x', sizeof(env));
	memcpy(env + 86, "GLIBC_TUNABLES", 14);
	cr_expect_eq(scan(100), 1);
	cr_expect_eq(scan(99), 0);
}

/* A value that fills the whole buffer (an environment cut at LANNER_MAX_ENV bytes: the prefix
 * both sides keep) is decided, found or not, with the needle's last byte in the buffer's last. */
Test(env_scan, whole_buffer)
{
	use("glibc_tunables", 1);
	for (__u32 back = 14; back < 40; back++) {
		memset(env, 'x', sizeof(env));
		cr_expect_eq(scan(ENV_SIZE), 0, "no needle in a full buffer");
		memcpy(env + ENV_SIZE - back, "GLIBC_TUNABLES", 14);
		cr_expect_eq(scan(ENV_SIZE), 1, "needle %u bytes from the end", back);
		cr_expect_eq(scan(ENV_SIZE), plain(ENV_SIZE));
	}
}
