/* regex.h — the `regex` operator's engine: RE2 (linear-time, no backtracking) behind a C API.
 *
 * Contract, as Falco's libs (sinsp_filtercheck) use RE2:
 *  - patterns are compiled with RE2's POSIX options (POSIX egrep syntax, leftmost-longest):
 *    what RE2 refuses there (lookaround, backreferences, \d \w \s \b, possessive quantifiers,
 *    ...) is refused here, with RE2's message and the byte offset of the offending text;
 *  - a value matches only if the whole value matches (RE2 ANCHOR_BOTH, i.e. FullMatch, not
 *    PartialMatch);
 *  - invalid UTF-8 in the value is replaced by U+FFFD (maximal subparts, as libs'
 *    utf8::sanitize: common/utf8.h) before matching; the pattern is used as given.
 * Matching time is linear in the value's length for a given pattern, and never fails silently:
 * RE2 falls back from its DFA to its NFA when the DFA's memory budget runs out, it does not give
 * up with "no match".
 */
#ifndef LNR_COMMON_REGEX_H
#define LNR_COMMON_REGEX_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct lnr_regex;

/* Compiles pat[0..len). On error returns NULL, writes RE2's message to err (NUL-terminated,
 * truncated to errlen) and, if errpos is not NULL, the byte offset in pat where the offending
 * text starts (0 when RE2 names the whole pattern). */
struct lnr_regex *lnr_regex_compile(const char *pat, size_t len, char *err, size_t errlen,
				    size_t *errpos);

/* True if the whole of s[0..len) matches (s may be NULL when len is 0). */
bool lnr_regex_full_match(const struct lnr_regex *re, const char *s, size_t len);

void lnr_regex_free(struct lnr_regex *re);

#ifdef __cplusplus
}
#endif

#endif
