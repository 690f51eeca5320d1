// regex.cc — the C API of regex.h over RE2 (see regex.h for the contract).
//
// The only C++ in Lanner: it is compiled with g++ and linked with -lre2 -lstdc++. No C++
// exception crosses the C API (RE2 reports errors through ok()/error(), and allocation failure
// aborts, as xalloc does for the C code).
#include "common/regex.h"

#include <re2/re2.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

struct lnr_regex {
	re2::RE2 re;
	lnr_regex(const char *pat, size_t len, const re2::RE2::Options &o)
	    : re(re2::StringPiece(pat, len), o)
	{
	}
};

// Length of the well-formed UTF-8 sequence at p (> 0), or minus the length of the maximal
// subpart of an ill-formed one (< 0), after the Unicode Standard's table of well-formed byte
// sequences: the second byte's range depends on the lead (E0: A0-BF, ED: 80-9F, F0: 90-BF,
// F4: 80-8F), which excludes overlongs, surrogates and code points above U+10FFFF.
static int utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return -1;
	int need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	unsigned lo = 0x80, hi = 0xBF;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (p + 1 >= end || p[1] < lo || p[1] > hi)
		return -1;
	for (int i = 2; i < need; i++)
		if (p + i >= end || (p[i] & 0xC0) != 0x80)
			return -i;
	return need;
}

static bool utf8_valid(const unsigned char *p, const unsigned char *end)
{
	while (p < end) {
		/* paths are mostly ASCII: 8 bytes at a time while no byte has its top bit set */
		uint64_t w;
		while (end - p >= 8 && (memcpy(&w, p, 8), (w & 0x8080808080808080ULL) == 0))
			p += 8;
		if (p >= end)
			break;
		int n = utf8_seq(p, end);
		if (n < 0)
			return false;
		p += n;
	}
	return true;
}

extern "C" size_t lnr_utf8_sanitize(const char *s, size_t len, char *out, size_t outcap)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t o = 0;
	while (p < end) {
		int n = utf8_seq(p, end);
		if (n > 0) {
			if (o + (size_t)n > outcap)
				break;
			memcpy(out + o, p, (size_t)n);
			o += (size_t)n;
			p += n;
		} else {
			if (o + 3 > outcap)
				break;
			memcpy(out + o, "\xEF\xBF\xBD", 3);
			o += 3;
			p += -n;
		}
	}
	return o;
}

// Where RE2's error_arg (a copy of the offending text) starts in the pattern: the first
// occurrence that is not itself escaped by an odd run of backslashes before it.
static size_t error_offset(const char *pat, size_t len, const std::string &arg)
{
	if (arg.empty() || arg.size() > len)
		return 0;
	for (size_t i = 0; i + arg.size() <= len; i++) {
		if (memcmp(pat + i, arg.data(), arg.size()) != 0)
			continue;
		size_t bs = 0;
		while (bs < i && pat[i - 1 - bs] == '\\')
			bs++;
		if (bs % 2 == 0)
			return i;
	}
	return 0;
}

extern "C" struct lnr_regex *lnr_regex_compile(const char *pat, size_t len, char *err,
					       size_t errlen, size_t *errpos)
{
	// Falco: re2::RE2(pattern, re2::RE2::POSIX). Errors are reported to the caller, not logged.
	re2::RE2::Options o(re2::RE2::POSIX);
	o.set_log_errors(false);
	lnr_regex *r = new (std::nothrow) lnr_regex(pat ? pat : "", pat ? len : 0, o);
	if (!r)
		abort();
	if (r->re.ok())
		return r;
	if (err && errlen)
		snprintf(err, errlen, "%s", r->re.error().c_str());
	if (errpos)
		*errpos = error_offset(pat ? pat : "", pat ? len : 0, r->re.error_arg());
	delete r;
	return NULL;
}

extern "C" bool lnr_regex_full_match(const struct lnr_regex *r, const char *s, size_t len)
{
	if (!s)
		s = "";
	const unsigned char *p = (const unsigned char *)s;
	if (utf8_valid(p, p + len))
		return r->re.Match(re2::StringPiece(s, len), 0, len, re2::RE2::ANCHOR_BOTH, NULL,
				   0);
	// Rare (ill-formed names): one sanitized copy per match, at most 3 bytes per input byte.
	static thread_local std::string buf;
	buf.resize(len * 3);
	size_t n = lnr_utf8_sanitize(s, len, &buf[0], buf.size());
	return r->re.Match(re2::StringPiece(buf.data(), n), 0, n, re2::RE2::ANCHOR_BOTH, NULL, 0);
}

extern "C" void lnr_regex_free(struct lnr_regex *r)
{
	delete r;
}
