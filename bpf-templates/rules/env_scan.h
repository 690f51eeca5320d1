/* rules/env_scan.h — contains and icontains over proc.env, the new image's environment (up to
 * LANNER_MAX_ENV bytes, NUL-separated), for the generated leaves (gen/leaf_c.c) and their
 * callbacks (gen/emit_rules.c).
 *
 * A per-byte callback scan (rules/kernel.h lnr_contains) cost one bpf_loop call per byte of the
 * environment: ~6 ns a byte, 8-9 us for a 1.4 KB environment on every exec. Here each call of
 * the callback skips the aligned 8-byte words from the scan position on while no position of
 * them can start the needle, up to LNR_ENV_WORDS words a call, and compares the needle at the
 * first position that can, then moves one past it. A position can start the needle when its byte
 * is the needle's first (either case for a letter of icontains) and the next byte its second;
 * the next byte is tested inside the word only, so the last position of a word is a candidate
 * whatever follows. The callback keeps its position in the context (the loop index is not used),
 * compares one position per call, so the verifier sees one needle compare per callback as
 * before. The answers are the per-byte scan's: every position where the needle can start is
 * compared in full, and only those can match.
 *
 * Testing the second byte too, and 32 words a call instead of 8: with the first byte alone and 8
 * words, "GLIBC_TUNABLES" found a candidate at every g of a 1.4 KB environment (LANG, LOGNAME,
 * XDG_...), two calls each, plus a call per 64 bytes. On the fork+exec storm with this machine's
 * 37 variables, its rule cost about 830 ns per exec; now about 460 (about 0 with an empty
 * environment, either way). bpf_strnstr cannot be used: it stops at the first NUL.
 */
#ifndef LANNER_RULES_ENV_SCAN_H
#define LANNER_RULES_ENV_SCAN_H

struct lnr_escan {
	__u32 end;   /* positions [0, end) are scanned */
	__u32 pos;   /* the next position to look at */
	__u32 found; /* the needle starts at a position looked at */
	__u32 done;  /* every position that can hold the needle was looked at */
};

/* The bytes of w equal to c (either case when fold and c is a lower-case letter): the high bit of
 * each such byte of the result is set, only there (exact per byte). */
static __always_inline __u64 lnr_env_bytes(__u64 w, __u8 c, int fold)
{
	const __u64 lo = 0x7f7f7f7f7f7f7f7full, ones = 0x0101010101010101ull;
	/* OR 0x20 turns exactly the two cases of a letter into its lower case */
	if (fold && c >= 'a' && c <= 'z')
		w |= 0x2020202020202020ull;
	w ^= ones * c; /* a zero byte where the byte is c */
	return ~(((w & lo) + lo) | w | lo);
}

/* The positions of the word at base (reads masked with mask) that can start the needle: the high
 * bit of each such byte of the result is set. c0, c1: the needle's first two bytes (lower case
 * when fold); c1 is tested on the next byte of the same word (the word shifted down a byte), and
 * the word's last position is kept whatever c1 is, its next byte being in the next word. With
 * pair 0 (a needle of one byte) c0 alone. */
static __always_inline __u64 lnr_env_cand(const char *s, __u32 mask, __u32 base, __u8 c0, __u8 c1,
					  int pair, int fold)
{
	__u64 w;
#ifdef LNR_HOST
	__builtin_memcpy(&w, &s[base & mask], sizeof(w));
#else
	w = *(const __u64 *)&s[base & mask];
#endif
	__u64 z = lnr_env_bytes(w, c0, fold);
	if (pair)
		z &= lnr_env_bytes(w >> 8, c1, fold) | (0x80ull << 56);
	return z;
}

/* Words one call of the scan looks through while no position of them can start the needle. A
 * call costs more than a word's test: 32 words instead of 8 took 130-250 ns per exec off the
 * fork+exec storm with a 1.4 KB environment. The verifier walks the steps once per callback (one
 * callback per needle); 5.10 does not scan (LNR_OLD_SCAN). */
#define LNR_ENV_WORDS 32

/* One call of the scan: 0 to go on, 1 to stop (found, or no position left). s is the value's
 * buffer (mask: its size minus one, a multiple of 8 minus one), c the needle's n bytes (lower
 * case when fold: ASCII letters of the value are folded as lnr_ibytes_at does). */
static __always_inline long lnr_env_step(struct lnr_escan *sc, const char *s, __u32 mask,
					 const char *c, __u32 n, int fold)
{
	__u32 at = sc->pos;
	if (at + n > sc->end) {
		sc->done = 1;
		return 1;
	}
	__u32 base = at & mask & ~7u;
	__u8 c0 = (__u8)c[0], c1 = n > 1 ? (__u8)c[1] : 0;
	int pair = n > 1;
	__u64 z = lnr_env_cand(s, mask, base, c0, c1, pair, fold);
	z &= ~0ull << ((at & 7) * 8); /* the bytes before the position are behind the scan */
	/* the next words while none of their bytes can start the needle: positions only grow, so
	 * once a word's first position cannot hold the needle, no later one can */
	__u32 k = 1;
	for (; k < LNR_ENV_WORDS && !z; k++) {
		base += 8;
		if (base + n > sc->end) {
			sc->done = 1;
			return 1;
		}
		z = lnr_env_cand(s, mask, base, c0, c1, pair, fold);
	}
	if (!z) {
		sc->pos = base + 8;
		return 0;
	}
	/* the lowest flagged byte: (z & -z) >> 7 is 1 << (8 * j); times 0x0102..08, the top byte is
	 * j + 1 */
	__u64 b = (z & (~z + 1)) >> 7;
	__u32 j = (__u32)((b * 0x0102030405060708ull) >> 56) - 1;
	at = base + (j & 7);
	/* a candidate in a later word is compared by the next call (where it is in the first word):
	 * the verifier then walks the needle compare once, not once per word the loop stopped at */
	if (k > 1) {
		sc->pos = at;
		return 0;
	}
	if (at + n > sc->end) {
		sc->done = 1;
		return 1;
	}
	if (fold ? lnr_ibytes_at(s, mask, at, c, n) : lnr_bytes_at(s, mask, at, c, n)) {
		sc->found = 1;
		return 1;
	}
	sc->pos = at + 1;
	return 0;
}

/* Does the n-byte needle occur wholly inside the first min(len, scan) bytes of the value? 1 yes,
 * 0 no, LNR_U when it was not found but not every position was looked at (a value longer than
 * the window, or a loop bound below the calls the scan needed). cb is the generated callback
 * (lnr_env_step on the member): at most one call per word and one per candidate position. */
#define lnr_env_contains(len, scan, n, cb)                                                         \
	({                                                                                         \
		struct lnr_escan es_;                                                              \
		__u32 l_ = (len);                                                                  \
		es_.end = l_ < LNR_SCAN_BOUND(scan) ? l_ : LNR_SCAN_BOUND(scan);                   \
		es_.pos = 0;                                                                       \
		es_.found = 0;                                                                     \
		es_.done = es_.end < (n);                                                          \
		if (!es_.done)                                                                     \
			LNR_LOOP(es_.end + es_.end / 8 + 2, cb, &es_);                             \
		es_.found ? 1 : (!es_.done || l_ > LNR_SCAN_BOUND(scan)) ? LNR_U : 0;              \
	})
#define LNR_ENV_CONTAINS(s, len, needle, n, scan, cb)                                              \
	((void)(needle), lnr_env_contains((len), (scan), (n), cb))

#endif
