/* utf8.c — see utf8.h. */
#include "common/utf8.h"

#include <stdint.h>
#include <string.h>

int utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	if (c < 0xC2 || c > 0xF4)
		return -1;
	int need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
	/* the second byte's range depends on the lead: it excludes overlongs (E0, F0), surrogates
	 * (ED) and code points above U+10FFFF (F4) */
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

bool utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	while (p < end) {
		/* mostly ASCII: 8 bytes at a time while no byte has its top bit set */
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

size_t utf8_sanitize(const char *s, size_t len, char *out, size_t outcap)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	size_t o = 0;
	while (p < end) {
		int n = utf8_seq(p, end);
		const char *src = n > 0 ? (const char *)p : "\xEF\xBF\xBD";
		size_t k = n > 0 ? (size_t)n : 3;
		if (o + k > outcap)
			break;
		memcpy(out + o, src, k);
		o += k;
		p += n > 0 ? n : -n;
	}
	return o;
}
