/* JSON strings as Falco writes them (common/jsonstr.h) and ill-formed UTF-8 (common/utf8.h):
 * nlohmann::json's dump with ensure_ascii false and error_handler replace. */
#include <criterion/criterion.h>
#include <string.h>

#include "common/jsonstr.h"
#include "common/utf8.h"

static void q(const char *in, size_t len, const char *want)
{
	struct strbuf b = {0};
	json_quote(&b, in, len);
	cr_expect_str_eq(sb_str(&b), want);
	sb_free(&b);
}
#define Q(lit, want) q(lit, sizeof(lit) - 1, want)
#define R	     "\xef\xbf\xbd" /* U+FFFD, written raw */

Test(jsonstr, escapes_like_nlohmann)
{
	Q("/tmp/a b", "\"/tmp/a b\"");
	Q("q\"b\\", "\"q\\\"b\\\\\"");
	Q("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	Q("\x01\x1f", "\"\\u0001\\u001f\"");
	Q("\x7f/", "\"\x7f/\"");
	Q("a\0b", "\"a\\u0000b\"");
	q(NULL, 0, "\"\"");
}

Test(jsonstr, valid_utf8_kept_invalid_replaced)
{
	Q("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
	Q("\xff", "\"" R "\"");
	Q("a\xff\xfe"
	  "b",
	  "\"a" R R "b\"");
	Q("\xe2\x82", "\"" R "\""); /* truncated at the end: one subpart */
	Q("\xe2\x82"
	  "A",
	  "\"" R "A\"");			  /* the byte that breaks it is read again */
	Q("\xc0\xaf", "\"" R R "\"");		  /* overlong */
	Q("\xed\xa0\x80", "\"" R R R "\"");	  /* surrogate */
	Q("\xf4\x90\x80\x80", "\"" R R R R "\""); /* above U+10FFFF */
	Q("\xf0\x9f\x98", "\"" R "\"");
}

Test(jsonstr, utf8_helpers)
{
	cr_expect(utf8_valid("plain ascii text, longer than eight", 35));
	cr_expect(!utf8_valid("plain ascii text\xff", 17));
	cr_expect(utf8_valid("", 0));
	const unsigned char s[] = "\xe0\x80";
	cr_expect_eq(utf8_seq(s, s + 2), -1);
	const unsigned char t[] = "\xf0\x90\x80";
	cr_expect_eq(utf8_seq(t, t + 3), -3);
}
