/* numparse.c — see numparse.h. */
#include "common/numparse.h"

#include <stdio.h>

bool parse_uint_range(const char *what, const char *s, unsigned long long min,
		      unsigned long long max, unsigned long long *out, char *err, size_t errlen)
{
	unsigned long long v = 0;
	bool overflow = false;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (~0ull - d) / 10)
			overflow = true;
		else
			v = v * 10 + d;
	}
	if (p == s || *p) {
		snprintf(err, errlen,
			 "%s '%.64s': not a number (expected an integer from %llu to %llu)", what,
			 s, min, max);
		return false;
	}
	if (overflow || v < min || v > max) {
		snprintf(err, errlen,
			 "%s %.64s: out of range (expected an integer from %llu to %llu)", what, s,
			 min, max);
		return false;
	}
	*out = v;
	return true;
}

bool parse_seconds(const char *what, const char *s, double max, double *out, char *err,
		   size_t errlen)
{
	double v = 0, scale = 1;
	bool digits = false, dot = false;
	const char *p = s;
	/* by hand: strtod would accept "inf", "nan", hex floats, exponents and leading spaces */
	for (; *p; p++) {
		if (*p == '.' && !dot) {
			dot = true;
		} else if (*p >= '0' && *p <= '9') {
			digits = true;
			if (dot)
				v += (scale /= 10) * (*p - '0');
			else if (v <= max)
				v = v * 10 + (*p - '0');
		} else {
			break;
		}
	}
	if (!digits || *p) {
		snprintf(err, errlen, "%s '%.64s': not a number of seconds (e.g. 30 or 2.5)", what,
			 s);
		return false;
	}
	if (v > max) {
		snprintf(err, errlen, "%s %.64s: too large (at most %.0f seconds)", what, s, max);
		return false;
	}
	*out = v;
	return true;
}
