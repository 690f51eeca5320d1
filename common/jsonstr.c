/* jsonstr.c — see jsonstr.h. */
#include "common/jsonstr.h"

#include "common/utf8.h"

void json_quote(struct strbuf *b, const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)(s ? s : ""), *end = p + (s ? len : 0);
	sb_addc(b, '"');
	while (p < end) {
		unsigned c = *p;
		const char *esc = c == '"'    ? "\\\""
				  : c == '\\' ? "\\\\"
				  : c == '\b' ? "\\b"
				  : c == '\f' ? "\\f"
				  : c == '\n' ? "\\n"
				  : c == '\r' ? "\\r"
				  : c == '\t' ? "\\t"
					      : NULL;
		if (esc) {
			sb_add(b, esc);
			p++;
		} else if (c < 0x20) {
			sb_addf(b, "\\u%04x", c);
			p++;
		} else {
			int n = utf8_seq(p, end);
			if (n > 0)
				sb_addn(b, (const char *)p, (size_t)n);
			else
				sb_add(b, "\xEF\xBF\xBD");
			p += n > 0 ? n : -n;
		}
	}
	sb_addc(b, '"');
}
