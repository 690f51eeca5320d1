/* lexer.c — token recognisers of the condition language (see lexer.h). */
#include "lexer.h"

#include "common/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_word(char c)
{
	return is_alpha(c) || is_digit(c) || c == '_';
}

static bool is_hex(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* POSIX [:space:] (the token classes exclude it; blank skipping uses Falco's smaller set) */
bool cond_lex_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

bool cond_lex_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\b' || c == '\r' || c == '\n';
}

size_t cond_lex_blank(const char *p)
{
	size_t n = 0;
	while (cond_lex_is_blank(p[n]))
		n++;
	return n;
}

size_t cond_lex_identifier(const char *p)
{
	size_t n = 0;
	if (!is_alpha(p[0]))
		return 0;
	while (is_word(p[n]))
		n++;
	return n;
}

size_t cond_lex_field_name(const char *p)
{
	size_t n = cond_lex_identifier(p);
	size_t parts = 0;
	if (!n)
		return 0;
	/* a trailing "." not followed by a letter is not part of the name */
	while (p[n] == '.' && is_alpha(p[n + 1])) {
		n += 1 + cond_lex_identifier(p + n + 1);
		parts++;
	}
	return parts ? n : 0;
}

size_t cond_lex_field_arg_bare(const char *p)
{
	size_t n = 0;
	while (p[n] && !strchr("[]\"'", p[n]) && !cond_lex_is_space(p[n]))
		n++;
	return n;
}

size_t cond_lex_hex_number(const char *p)
{
	size_t n = 2;
	if (p[0] != '0' || (p[1] != 'x' && p[1] != 'X') || !is_hex(p[2]))
		return 0;
	while (is_hex(p[n]))
		n++;
	return n;
}

size_t cond_lex_number(const char *p)
{
	size_t n = 0, m;
	if (p[n] == '+' || p[n] == '-')
		n++;
	if (!is_digit(p[n]))
		return 0;
	while (is_digit(p[n]))
		n++;
	if (p[n] == '.')
		n++;
	while (is_digit(p[n]))
		n++;
	/* the exponent is part of the match only when complete: e, sign, digits */
	if ((p[n] == 'e' || p[n] == 'E') && (p[n + 1] == '+' || p[n + 1] == '-') &&
	    is_digit(p[n + 2])) {
		m = n + 2;
		while (is_digit(p[m]))
			m++;
		n = m;
	}
	return n;
}

size_t cond_lex_bare_string(const char *p)
{
	size_t n = 0;
	while (p[n] && !strchr("()\"'=,", p[n]) && !cond_lex_is_space(p[n]))
		n++;
	return n;
}

bool cond_lex_word(const char *p, const char *w)
{
	size_t n = strlen(w);
	return strncmp(p, w, n) == 0 && !is_word(p[n]);
}

static int hexval(char c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return c - 'A' + 10;
}

long cond_lex_quoted(const char *p, char **out, size_t *outlen, char *errmsg, size_t errsz,
		     size_t *erroff)
{
	char q = p[0];
	size_t end, i, n = 0;
	char *buf;

	if (q != '"' && q != '\'')
		return 0;
	for (end = 1; p[end]; end++)
		if (p[end] == q && p[end - 1] != '\\')
			break;
	if (!p[end]) {
		snprintf(errmsg, errsz, "unterminated quoted string");
		*erroff = 0;
		return -1;
	}
	buf = xmalloc(end);
	for (i = 1; i < end; i++) {
		char c = p[i];
		if (c != '\\') {
			buf[n++] = c;
			continue;
		}
		c = p[++i];
		const char *letter = c ? strchr(RL_ESC_LETTERS, c) : NULL;
		if (letter) {
			buf[n++] = RL_ESC_CHARS[letter - RL_ESC_LETTERS];
			continue;
		}
		switch (c) {
		/* legacy: "\ " is a backslash, the space is dropped (as in Falco) */
		case ' ':
		case '\\':
			buf[n++] = '\\';
			break;
		case '/':
			buf[n++] = '/';
			break;
		case '"':
		case '\'':
			if (c != q) {
				snprintf(errmsg, errsz,
					 c == '"' ? "invalid \\\" escape in '-quoted string"
						  : "invalid \\' escape in \"-quoted string");
				*erroff = i - 1;
				free(buf);
				return -1;
			}
			buf[n++] = c;
			break;
		case 'x':
			if (i + 2 < end && is_hex(p[i + 1]) && is_hex(p[i + 2])) {
				int v = hexval(p[i + 1]) * 16 + hexval(p[i + 2]);
				if (v == 0) {
					snprintf(errmsg, errsz,
						 "NUL byte (\\x00) not allowed in a string");
					*erroff = i - 1;
					free(buf);
					return -1;
				}
				buf[n++] = (char)v;
				i += 2;
				break;
			}
			snprintf(errmsg, errsz,
				 "unsupported string escape sequence: \\x (expected two hex "
				 "digits)");
			*erroff = i - 1;
			free(buf);
			return -1;
		default:
			if ((unsigned char)c >= 0x20 && (unsigned char)c < 0x7f)
				snprintf(errmsg, errsz, "unsupported string escape sequence: \\%c",
					 c);
			else
				snprintf(errmsg, errsz,
					 "unsupported string escape sequence: \\ followed by byte "
					 "0x%02x",
					 (unsigned char)c);
			*erroff = i - 1;
			free(buf);
			return -1;
		}
	}
	buf[n] = '\0';
	*out = buf;
	*outlen = n;
	return (long)end + 1;
}
