/* output_internal.c — Falco's internal messages (source "internal"): the envelope Falco's
 * falco_outputs::handle_msg builds, used for the syscall drop alert. Contract in format.h. */
#include <stdlib.h>
#include <string.h>

#include "outputs/format.h"

char *output_internal_msg(uint64_t ts_ns, enum priority p, const char *rule, const char *msg,
			  const char *const *keys, const char *const *vals, size_t n,
			  const struct lanner_options *o, const char *hostname)
{
	struct obuf b = {0};
	char tb[64], hb[256];
	if (o && o->json_output) {
		if (!hostname)
			hostname = output_hostname(hb, sizeof(hb));
		obuf_puts(&b, "{\"hostname\":");
		output_json_string(&b, hostname, strlen(hostname));
		obuf_puts(&b, ",\"output\":");
		output_json_string(&b, msg, strlen(msg));
		obuf_puts(&b, ",\"output_fields\":{");
		for (size_t i = 0; i < n; i++) {
			if (i)
				obuf_putc(&b, ',');
			output_json_string(&b, keys[i], strlen(keys[i]));
			obuf_putc(&b, ':');
			output_json_string(&b, vals[i], strlen(vals[i]));
		}
		obuf_puts(&b, "},\"priority\":");
		const char *pn = priority_name(p);
		output_json_string(&b, pn, strlen(pn));
		obuf_puts(&b, ",\"rule\":");
		output_json_string(&b, rule, strlen(rule));
		obuf_puts(&b, ",\"source\":\"internal\",\"time\":");
		output_time_json(ts_ns, tb, sizeof(tb));
		output_json_string(&b, tb, strlen(tb));
		obuf_putc(&b, '}');
		return obuf_take(&b);
	}
	output_time_text(ts_ns, false, tb, sizeof(tb));
	obuf_puts(&b, tb);
	obuf_puts(&b, ": ");
	obuf_puts(&b, priority_name(p));
	obuf_putc(&b, ' ');
	obuf_puts(&b, msg);
	obuf_puts(&b, " (");
	for (size_t i = 0; i < n; i++) {
		if (i)
			obuf_putc(&b, ' ');
		obuf_puts(&b, keys[i]);
		obuf_putc(&b, '=');
		output_json_string(&b, vals[i], strlen(vals[i]));
	}
	obuf_putc(&b, ')');
	return obuf_take(&b);
}
