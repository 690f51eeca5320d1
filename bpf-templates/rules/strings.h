/* rules/strings.h — substring search for the generated `contains` and `icontains` leaves.
 *
 * A generated contains leaf is LNR_CONTAINS(s, len, needle, n, scan, cb): does the n-byte needle
 * occur wholly inside the first min(len, scan) bytes of s? 1 yes, 0 no, LNR_U when it was not
 * found but the value is longer than the scan window (the rest was not looked at).
 *
 * Kernel with the string kfuncs (Linux 6.17+; lanner-gen defines LNR_HAVE_STR_KFUNCS when the
 * build host's BTF has bpf_strnstr): one call into the kernel's bpf_strnstr. A bpf_loop over
 * every position (the callback cb, generated beside the leaf) cost one indirect call and one map
 * lookup per byte of the value and was a large share of an open's filter time. Without the
 * kfuncs, and on the host (tests/diff), the callback scan is used: the same answer either way.
 * Values never hold a NUL inside their length (paths, names; argv NULs are turned into spaces),
 * so bpf_strnstr's stop at a NUL cannot end a search early.
 */
#ifndef LANNER_RULES_STRINGS_H
#define LANNER_RULES_STRINGS_H

/* Named string tests of the generated leaves: a value v (an LNR_STR member: len, s[] of a power
 * of two bytes) against a C string literal c. Every read is masked with the buffer size minus one,
 * so it is provably inside the buffer; the loops run over the literal's constant length, which
 * clang unrolls into a byte-by-byte comparison when it is short (a bounded loop otherwise). The
 * generator only uses them with a constant shorter than the buffer. */
/* s[at + i] == c[i] for i < n, reads masked with mask */
static __always_inline int lnr_bytes_at(const char *s, __u32 mask, __u32 at, const char *c, __u32 n)
{
	for (__u32 i = 0; i < n; i++)
		if (LNR_CH(s, at + i, mask) != c[i])
			return 0;
	return 1;
}

/* icontains: s[at + i] with ASCII letters folded to lower case == c[i] for i < n (c is already
 * lower case); byte-wise like Falco's strcasestr in the C locale, other bytes compared as they are
 */
static __always_inline int lnr_ibytes_at(const char *s, __u32 mask, __u32 at, const char *c,
					 __u32 n)
{
	for (__u32 i = 0; i < n; i++) {
		char ch = LNR_CH(s, at + i, mask);
		if (ch >= 'A' && ch <= 'Z')
			ch = (char)(ch - 'A' + 'a');
		if (ch != c[i])
			return 0;
	}
	return 1;
}

/* s[i] == c[i] for i < n, 1 <= n <= 8, s holding at least 8 bytes: one load of s's first word,
 * masked to n bytes, against c's bytes as a word, which clang folds into a constant (c is a
 * literal at every call site). A byte loop is a load and a branch per byte, and a branch is a
 * verifier state; this is one compare. The word's layout is the target's byte order. */
static __always_inline int lnr_word_at0(const char *s, const char *c, __u32 n)
{
	__u64 w = 0, m = n >= 8 ? ~0ull : (1ull << (n * 8)) - 1;
	for (__u32 i = 0; i < 8; i++) {
		if (i >= n)
			break;
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		w |= (__u64)(__u8)c[i] << (i * 8);
#else
		w |= (__u64)(__u8)c[i] << ((7 - i) * 8);
		m = ~0ull << ((8 - n) * 8);
#endif
	}
	return (*(const __u64 *)s & m) == w;
}

#define LNR_NLIT(c) (sizeof(c) - 1)
#define LNR_MASK(v) (sizeof((v).s) - 1)
/* the first LNR_NLIT(c) bytes of v's buffer are c's (v's length is the caller's test): a word
 * compare for a constant of 1 to 8 bytes (the buffer is always 8 bytes or more), else byte by byte
 */
#define LNR_HEAD_IS(v, c)                                                                          \
	(LNR_NLIT(c) >= 1 && LNR_NLIT(c) <= 8 && sizeof((v).s) >= 8                                \
		 ? lnr_word_at0((v).s, (c), LNR_NLIT(c))                                           \
		 : lnr_bytes_at((v).s, LNR_MASK(v), 0, (c), LNR_NLIT(c)))
/* v == c */
#define LNR_STR_EQ(v, c) ((v).len == LNR_NLIT(c) && LNR_HEAD_IS(v, c))
/* v starts with c */
#define LNR_STR_PREFIX(v, c) ((v).len >= LNR_NLIT(c) && LNR_HEAD_IS(v, c))
/* v ends with c */
#define LNR_STR_SUFFIX(v, c)                                                                       \
	((v).len >= LNR_NLIT(c) &&                                                                 \
	 lnr_bytes_at((v).s, LNR_MASK(v), (v).len - LNR_NLIT(c), (c), LNR_NLIT(c)))
/* pmatch of one normalised item c: v is c or below it (c followed by '/') */
#define LNR_PATH_UNDER(v, c)                                                                       \
	(LNR_STR_PREFIX(v, c) &&                                                                   \
	 ((v).len == LNR_NLIT(c) || LNR_CH((v).s, LNR_NLIT(c), LNR_MASK(v)) == '/'))

/* contains for a short needle (1 to 8 bytes) in a short value (at most LNR_WSCAN_MAX bytes) held
 * in a buffer of at least LNR_WSCAN_BUF bytes: eight positions per step, as plain loads from the
 * value's own (map) memory. For each needle byte k, the word at i + k has a zero byte at j where
 * s[i + j + k] is needle[k]; the AND over k marks the positions j where the whole needle starts.
 * Positions past len - n are masked off (the bytes there, up to 15 past the value, are read but
 * never decide). A call into bpf_strnstr (each byte of both strings read through a fault-checked
 * load) or a bpf_loop cost more than this whole scan on a path. */
#define LNR_WSCAN_MAX 64
#define LNR_WSCAN_BUF 128
static __always_inline int lnr_wcontains(const char *s, __u32 len, const char *needle, __u32 n)
{
	const __u64 lo = 0x7f7f7f7f7f7f7f7full;
	if (n == 0)
		return 1;
	if (n > len)
		return 0;
	__u32 last = len - n; /* the last position the needle may start at */
	/* a loop the verifier walks: unrolled it is 8 copies of the step per call site */
#ifdef __clang__
#pragma clang loop unroll(disable)
#endif
	for (__u32 i = 0; i < LNR_WSCAN_MAX; i += 8) {
		if (i > last)
			break;
		__u64 acc = ~0ull;
		for (__u32 k = 0; k < 8; k++) {
			if (k >= n)
				break;
			__u64 w = *(const __u64 *)(s + i + k) ^
				  (0x0101010101010101ull * (__u8)needle[k]);
			acc &= ~(((w & lo) + lo) | w | lo);
		}
		if (last - i < 7)
			acc &= (1ull << ((last - i + 1) * 8)) - 1;
		if (acc)
			return 1;
	}
	return 0;
}
/* the word scan applies (needle length and buffer size are constants at every call site) */
#define LNR_WSCAN_OK(s, len, n, scan)                                                              \
	((n) >= 1 && (n) <= 8 && sizeof(s) >= LNR_WSCAN_BUF && (len) <= LNR_WSCAN_MAX &&           \
	 (len) <= (scan))

#if !defined(LNR_HOST) && defined(LNR_HAVE_STR_KFUNCS)
/* Index of the first occurrence of s2 wholly inside the first len bytes of s1, -ENOENT when
 * none, another negative errno when a string could not be read. */
extern int bpf_strnstr(const char *s1__ign, const char *s2__ign, size_t len) __ksym;

static __always_inline int lnr_kcontains(const char *s, __u32 len, const char *needle, __u32 n,
					 __u32 scan)
{
	__u32 end = len < scan ? len : scan;
	if (n <= end) {
		int at = bpf_strnstr(s, needle, end);
		if (at >= 0)
			return 1;
		if (at != -2 /* ENOENT */)
			return LNR_U;
	}
	return len > scan ? LNR_U : 0;
}
#define LNR_CONTAINS(s, len, needle, n, scan, cb)                                                  \
	(LNR_WSCAN_OK(s, len, n, scan) ? lnr_wcontains((s), (len), (needle), (n))                  \
				       : lnr_kcontains((s), (len), (needle), (n), (scan)))
#elif !defined(LNR_HOST) && !defined(LNR_NO_BPF_LOOP)
#define LNR_CONTAINS(s, len, needle, n, scan, cb)                                                  \
	(LNR_WSCAN_OK(s, len, n, scan) ? lnr_wcontains((s), (len), (needle), (n))                  \
				       : lnr_contains((len), (scan), cb))
#else
#define LNR_CONTAINS(s, len, needle, n, scan, cb) ((void)(needle), lnr_contains((len), (scan), cb))
#endif
/* icontains: always the callback scan (bpf_strnstr compares bytes as they are) */
#define LNR_ICONTAINS(s, len, needle, n, scan, cb) ((void)(needle), lnr_contains((len), (scan), cb))

#endif
