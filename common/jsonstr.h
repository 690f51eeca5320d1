/* jsonstr.h — a JSON string literal exactly as Falco writes one.
 *
 * Falco's JSON output is nlohmann::json's dump(-1, ' ', false, error_handler_t::replace)
 * (falco engine formats.cpp; field values are first sanitized by libs' utf8::sanitize and
 * re-parsed): '"' and '\' escaped, \b \f \n \r \t, other bytes below 0x20 as \u00xx (lowercase
 * hex), '/' DEL and well-formed non-ASCII written as they are (ensure_ascii false), and each
 * maximal ill-formed UTF-8 subpart replaced by U+FFFD written raw (EF BF BD). The result is valid
 * JSON for any input bytes. */
#ifndef LNR_COMMON_JSONSTR_H
#define LNR_COMMON_JSONSTR_H

#include <stddef.h>

#include "common/strbuf.h"

/* Appends s[0..len) as a quoted JSON string (s may be NULL when len is 0). */
void json_quote(struct strbuf *b, const char *s, size_t len);

#endif
