/* A growable, always NUL-terminated string.
 *
 * Contract: a zero-initialised `struct strbuf` is empty and valid; `s` is NULL until the first
 * append and otherwise NUL-terminated at `len`. Appends never fail (memory comes from xalloc).
 * strbuf_detach() hands the string to the caller (never NULL) and leaves the buffer empty. */
#ifndef LNR_COMMON_STRBUF_H
#define LNR_COMMON_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *s;
	size_t len;
	size_t cap;
};

void sb_add(struct strbuf *b, const char *s);
void sb_addn(struct strbuf *b, const char *s, size_t n);
void sb_addc(struct strbuf *b, char c);
void sb_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *b, const char *fmt, va_list ap);
/* Ensures room for n more bytes (plus the NUL). */
void sb_grow(struct strbuf *b, size_t n);
/* Empties the buffer, keeping its memory. */
void sb_reset(struct strbuf *b);
/* The contents ("" when nothing was appended); valid until the next append. */
const char *sb_str(const struct strbuf *b);
char *sb_detach(struct strbuf *b);
void sb_free(struct strbuf *b);

#endif
