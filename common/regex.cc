// regex.cc — the C API of regex.h over RE2 (see regex.h for the contract).
//
// The only C++ in Lanner: it is compiled with g++ and linked with -lre2 -lstdc++. No C++
// exception crosses the C API (RE2 reports errors through ok()/error(), and allocation failure
// aborts, as xalloc does for the C code).
#include "common/regex.h"
#include "common/utf8.h"

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
	if (utf8_valid(s, len))
		return r->re.Match(re2::StringPiece(s, len), 0, len, re2::RE2::ANCHOR_BOTH, NULL,
				   0);
	// Rare (ill-formed names): one sanitized copy per match, at most 3 bytes per input byte.
	static thread_local std::string buf;
	buf.resize(len * 3);
	size_t n = utf8_sanitize(s, len, &buf[0], buf.size());
	return r->re.Match(re2::StringPiece(buf.data(), n), 0, n, re2::RE2::ANCHOR_BOTH, NULL, 0);
}

extern "C" void lnr_regex_free(struct lnr_regex *r)
{
	delete r;
}
