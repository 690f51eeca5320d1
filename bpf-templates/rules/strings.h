/* rules/strings.h — substring search for the generated `contains` leaves (gen/emit_c.c).
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
#define LNR_CONTAINS(s, len, needle, n, scan, cb) lnr_kcontains((s), (len), (needle), (n), (scan))
#else
#define LNR_CONTAINS(s, len, needle, n, scan, cb) ((void)(needle), lnr_contains((len), (scan), cb))
#endif

#endif
