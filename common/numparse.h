/* numparse.h — strict parsing of numbers given on command lines and in configuration: the whole
 * string must be the number (no sign unless allowed, no spaces, no suffix, no overflow), so
 * `abc`, `-1`, `12x`, `1e999` are refused instead of silently read as 0, a huge value or inf. */
#ifndef LANNER_NUMPARSE_H
#define LANNER_NUMPARSE_H

#include <stdbool.h>
#include <stddef.h>

/* Decimal digits only, value in [min, max]. False (err filled, naming the text and the range)
 * otherwise. what names the flag or key in the message ("--ring-mb"). */
bool parse_uint_range(const char *what, const char *s, unsigned long long min,
		      unsigned long long max, unsigned long long *out, char *err, size_t errlen);
/* A finite decimal number of seconds (fraction allowed, exponent not) in [0, max]. */
bool parse_seconds(const char *what, const char *s, double max, double *out, char *err,
		   size_t errlen);

#endif
