/* values.c — the literal on the right of a comparison converted to the type of the field on its
 * left, at compile time, as libsinsp's value parser does (docs/falco-semantics.md, "Literal
 * values"): integers decimal only and wholly consumed (a negative number wraps for an unsigned
 * field), booleans exactly true/false, ports also by service name, IPv4/IPv6 addresses and
 * networks (a.b.c.d/len), bcontains/bstartswith operands hex-decoded. Strings stay as written.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/xalloc.h"
#include "compile_passes.h"
static bool parse_dec_i64(const char *s, int64_t *v)
{
	char *end;
	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	long long x = strtoll(s, &end, 10);
	if (*end || errno)
		return false;
	*v = x;
	return true;
}

static bool parse_dec_u64(const char *s, int64_t *v)
{
	char *end;
	if (!*s || isspace((unsigned char)*s))
		return false;
	errno = 0;
	if (*s == '-') {
		/* libsinsp's sscanf wraps negative numbers for unsigned fields */
		long long x = strtoll(s, &end, 10);
		if (*end || errno)
			return false;
		*v = x;
		return true;
	}
	unsigned long long x = strtoull(s, &end, 10);
	if (*end || errno)
		return false;
	*v = (int64_t)x;
	return true;
}

static bool parse_net(const char *s, struct typed_value *v)
{
	const char *slash = strchr(s, '/');
	if (!slash)
		return false;
	char *addr = xstrndup(s, (size_t)(slash - s));
	int64_t pfx;
	bool ok = false;
	if (strchr(addr, ':')) {
		ok = inet_pton(AF_INET6, addr, v->ip) == 1 && parse_dec_i64(slash + 1, &pfx) &&
		     pfx >= 0 && pfx <= 128;
		v->family = 6;
	} else {
		ok = inet_pton(AF_INET, addr, v->ip) == 1 && parse_dec_i64(slash + 1, &pfx) &&
		     pfx >= 0 && pfx <= 32;
		v->family = 4;
	}
	free(addr);
	if (ok)
		v->prefix = (int)pfx;
	return ok;
}

static int hexval(char ch)
{
	if (ch >= '0' && ch <= '9')
		return ch - '0';
	ch = (char)tolower((unsigned char)ch);
	if (ch >= 'a' && ch <= 'f')
		return ch - 'a' + 10;
	return -1;
}

bool value_from_literal(enum ftype t, enum cmp_op op, const struct operand *lit,
			struct typed_value *v, char *msg, size_t msglen)
{
	const char *s = lit->name ? lit->name : "";
	memset(v, 0, sizeof(*v));
	v->s = xstrndup(s, lit->len);
	v->len = lit->len;
	switch (ftype_class(t)) {
	case FTC_STRING:
		return true;
	case FTC_BYTEBUF:
		if (op == OP_BCONTAINS || op == OP_BSTARTSWITH) {
			if (lit->len % 2) {
				snprintf(msg, msglen,
					 "bytes value '%s' has an odd number of hex digits", s);
				return false;
			}
			char *bytes = xmalloc(lit->len / 2 + 1);
			for (size_t i = 0; i < lit->len; i += 2) {
				int hi = hexval(s[i]), lo = hexval(s[i + 1]);
				if (hi < 0 || lo < 0) {
					free(bytes);
					snprintf(msg, msglen, "'%s' is not a valid hex string", s);
					return false;
				}
				bytes[i / 2] = (char)(hi << 4 | lo);
			}
			bytes[lit->len / 2] = 0;
			free(v->s);
			v->s = bytes;
			v->len = lit->len / 2;
		}
		return true;
	case FTC_BOOL:
		if (!strcmp(s, "true"))
			v->i = 1;
		else if (!strcmp(s, "false"))
			v->i = 0;
		else {
			snprintf(msg, msglen, "'%s' is not a valid boolean", s);
			return false;
		}
		return true;
	case FTC_IPADDR: {
		bool v4 = t == FT_IPV4ADDR || (t == FT_IPADDR && strchr(s, '.'));
		if (v4 && inet_pton(AF_INET, s, v->ip) == 1) {
			v->family = 4;
			return true;
		}
		if (!v4 && inet_pton(AF_INET6, s, v->ip) == 1) {
			v->family = 6;
			return true;
		}
		snprintf(msg, msglen, "unrecognized IP address %s", s);
		return false;
	}
	case FTC_IPNET:
		if (parse_net(s, v))
			return true;
		snprintf(msg, msglen, "unrecognized IP network %s", s);
		return false;
	case FTC_NUMERIC:
		break;
	}
	bool ok = ftype_is_signed(t) ? parse_dec_i64(s, &v->i) : parse_dec_u64(s, &v->i);
	if (ok)
		return true;
	if (t == FT_PORT) {
		struct servent *se = getservbyname(s, NULL);
		if (se) {
			v->i = ntohs((uint16_t)se->s_port);
			return true;
		}
	}
	snprintf(msg, msglen, "%s is not a valid number", s);
	return false;
}
