/* lexer.h — token recognisers of the condition language (docs/falco-semantics.md, "Tokens,
 * grammar and precedence", "String literals").
 *
 * Falco's grammar is context-sensitive: the same text is a bare string after "=" but a field name
 * at the start of a check. So there is no token stream: the parser asks, at its cursor, "does a
 * token of kind K start here, and how long is it?". Each cond_lex_* function below answers that
 * for one kind, on a NUL-terminated text, with POSIX longest-match semantics. They return the
 * length matched, 0 when the kind does not start at p. The printer uses the same recognisers to
 * decide whether a string can be printed bare (it reads back identically iff the recogniser
 * matches the whole string).
 */
#ifndef LANNER_LEXER_H
#define LANNER_LEXER_H

#include <stdbool.h>
#include <stddef.h>

/* space, \t, \b, \r, \n (Falco's blank set for skipping between tokens) */
bool cond_lex_is_blank(char c);
size_t cond_lex_blank(const char *p);
/* POSIX [:space:]: space, \t, \n, \v, \f, \r */
bool cond_lex_is_space(char c);
/* [a-zA-Z]+[a-zA-Z0-9_]* */
size_t cond_lex_identifier(const char *p);
/* identifier ("." identifier)+ */
size_t cond_lex_field_name(const char *p);
/* [^][\"'[:space:]]+ : field argument written without quotes */
size_t cond_lex_field_arg_bare(const char *p);
/* 0[xX][0-9a-fA-F]+ */
size_t cond_lex_hex_number(const char *p);
/* [+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)? */
size_t cond_lex_number(const char *p);
/* [^()\"'[:space:]=,]+ */
size_t cond_lex_bare_string(const char *p);
/* Word w at p, and the character after it is not [a-zA-Z0-9_] (so "not" does not match "notz"). */
bool cond_lex_word(const char *p, const char *w);

/* Quoted string ("…" or '…') at p. The closing quote is the first same quote whose preceding
 * byte is not a backslash (Falco's rule, so "a\\" is NOT closed by its last quote).
 * Returns:  0 no quote at p;  >0 bytes consumed, *out = malloc'd unescaped bytes (NUL-terminated,
 * *outlen without the NUL);  <0 error: message written to errmsg (errsz bytes), *erroff = offset
 * from p of the problem (unterminated string, unsupported or invalid escape, "\x00"). */
long cond_lex_quoted(const char *p, char **out, size_t *outlen, char *errmsg, size_t errsz,
		     size_t *erroff);

/* The one-letter escapes of quoted strings (\b \f \n \r \t): the letter and the character it
 * stands for at the same index. Shared by the lexer (reading) and the printer (writing). */
#define RL_ESC_LETTERS "bfnrt"
#define RL_ESC_CHARS   "\b\f\n\r\t"

#endif
