/* utf8.h — ill-formed UTF-8, handled as Falco handles it.
 *
 * Falco replaces each maximal subpart of an ill-formed sequence by U+FFFD (the Unicode
 * Standard's "substitution of maximal subparts"): libs' utf8::sanitize does it before `regex`
 * matching and before parsing field JSON, and nlohmann::json's dump with error_handler replace
 * (Falco's JSON output) does the same. Well-formed means the Unicode table of well-formed byte
 * sequences: no overlongs, no surrogates, nothing above U+10FFFF. */
#ifndef LNR_COMMON_UTF8_H
#define LNR_COMMON_UTF8_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* At p (p < end): the length of the well-formed sequence there (1..4), or minus the length of
 * the maximal subpart of an ill-formed one (-1..-3). */
int utf8_seq(const unsigned char *p, const unsigned char *end);

/* Whether s[0..len) is well-formed throughout (ASCII is checked 8 bytes at a time). */
bool utf8_valid(const char *s, size_t len);

/* Writes s[0..len) with every maximal ill-formed subpart replaced by EF BF BD into out (room for
 * outcap bytes; 3 * len always suffices) and returns the length written. */
size_t utf8_sanitize(const char *s, size_t len, char *out, size_t outcap);

#ifdef __cplusplus
}
#endif

#endif
