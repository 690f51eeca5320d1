/* output_text.c — Falco's text alert line "<time>: <Priority> <message>" (docs/falco-semantics.md:
 * "Text alert line"), the time renderings shared with the JSON object, and the stdout writer.
 *
 * The line is emitted raw, as released Falco does (0.44); master's JSON-string escaping of the
 * text line is deliberately not applied.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "outputs/format.h"

void output_time_text(uint64_t ts_ns, bool iso, char *buf, size_t len)
{
	time_t sec = (time_t)(ts_ns / 1000000000ULL);
	unsigned ns = (unsigned)(ts_ns % 1000000000ULL);
	struct tm tm;
	if (iso) {
		gmtime_r(&sec, &tm);
		snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%09u+0000", tm.tm_year + 1900,
			 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	} else {
		localtime_r(&sec, &tm);
		snprintf(buf, len, "%02d:%02d:%02d.%09u", tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
	}
}

void output_time_json(uint64_t ts_ns, char *buf, size_t len)
{
	time_t sec = (time_t)(ts_ns / 1000000000ULL);
	unsigned ns = (unsigned)(ts_ns % 1000000000ULL);
	struct tm tm;
	gmtime_r(&sec, &tm);
	snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%09uZ", tm.tm_year + 1900, tm.tm_mon + 1,
		 tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns);
}

char *output_text_line(uint64_t ts_ns, enum priority p, const char *msg,
		       const struct lanner_options *o)
{
	char tb[64];
	output_time_text(ts_ns, o && o->time_format_iso_8601, tb, sizeof(tb));
	struct obuf b = {0};
	obuf_puts(&b, tb);
	obuf_puts(&b, ": ");
	obuf_puts(&b, priority_name(p));
	obuf_putc(&b, ' ');
	obuf_puts(&b, msg ? msg : "");
	return obuf_take(&b);
}

const char *output_hostname(char *buf, size_t len)
{
	const char *env = getenv("FALCO_HOSTNAME");
	if (env && *env) {
		snprintf(buf, len, "%s", env);
		return buf;
	}
	if (gethostname(buf, len) != 0)
		snprintf(buf, len, "%s", "");
	buf[len - 1] = 0;
	return buf;
}

char *output_alert(const struct alert *a, const struct lanner_options *o)
{
	if (o && o->json_output)
		return output_json_alert(a, o, NULL);
	char *msg = format_render(a->fmt, a->get, a->ctx);
	char *line = output_text_line(a->ts_ns, a->priority, msg, o);
	free(msg);
	return line;
}

int output_emit(FILE *out, const struct alert *a, const struct lanner_options *o)
{
	char *s = output_alert(a, o);
	int rc = fputs(s, out) < 0 || fputc('\n', out) == EOF ? -1 : 0;
	free(s);
	if (!(o && o->buffered_outputs) && fflush(out) != 0)
		rc = -1;
	return rc;
}
