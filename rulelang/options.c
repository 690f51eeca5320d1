/* options.c — `-o key=value` configuration overrides with Falco's key names. */
#include "options.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "rules.h"

void options_init(struct lanner_options *o)
{
	memset(o, 0, sizeof(*o));
	o->json_include_output_property = true;
	o->json_include_output_fields_property = true;
	o->json_include_tags_property = true;
	o->priority = PRI_DEBUG;
	o->rule_matching = MATCH_FIRST;
	o->suggested_output = true;
}

static int parse_bool(const char *v, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1", "y"};
	static const char *const no[] = {"false", "no", "off", "0", "n"};
	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = true;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = false;
			return 0;
		}
	}
	return -1;
}

bool options_is_kv(const char *arg)
{
	const char *eq = strchr(arg, '=');
	return eq && eq != arg && !memchr(arg, '/', (size_t)(eq - arg));
}

int options_set(struct lanner_options *o, const char *kv, char *err, size_t errlen)
{
	const char *eq = strchr(kv, '=');
	if (!eq || eq == kv) {
		snprintf(err, errlen, "option '%s' is not key=value", kv);
		return -1;
	}
	char key[128];
	size_t kl = (size_t)(eq - kv);
	if (kl >= sizeof(key)) {
		snprintf(err, errlen, "option key too long");
		return -1;
	}
	memcpy(key, kv, kl);
	key[kl] = 0;
	const char *val = eq + 1;
	static const struct {
		const char *key;
		size_t off;
	} bools[] = {
		{"json_output", offsetof(struct lanner_options, json_output)},
		{"json_include_output_property",
		 offsetof(struct lanner_options, json_include_output_property)},
		{"json_include_output_fields_property",
		 offsetof(struct lanner_options, json_include_output_fields_property)},
		{"json_include_tags_property",
		 offsetof(struct lanner_options, json_include_tags_property)},
		{"json_include_message_property",
		 offsetof(struct lanner_options, json_include_message_property)},
		{"time_format_iso_8601", offsetof(struct lanner_options, time_format_iso_8601)},
		{"buffered_outputs", offsetof(struct lanner_options, buffered_outputs)},
		{"append_output.suggested_output",
		 offsetof(struct lanner_options, suggested_output)},
	};
	for (size_t i = 0; i < sizeof(bools) / sizeof(bools[0]); i++) {
		if (strcmp(key, bools[i].key) == 0) {
			if (parse_bool(val, (bool *)((char *)o + bools[i].off)) < 0) {
				snprintf(err, errlen, "option %s: '%s' is not a boolean", key, val);
				return -1;
			}
			return 0;
		}
	}
	if (strcmp(key, "priority") == 0) {
		int p = priority_parse(val);
		if (p < 0) {
			snprintf(err, errlen, "option priority: unknown priority '%s'", val);
			return -1;
		}
		o->priority = p;
		return 0;
	}
	if (strcmp(key, "rule_matching") == 0) {
		if (strcasecmp(val, "first") == 0)
			o->rule_matching = MATCH_FIRST;
		else if (strcasecmp(val, "all") == 0)
			o->rule_matching = MATCH_ALL;
		else {
			snprintf(err, errlen, "Unknown rule matching strategy '%s'", val);
			return -1;
		}
		return 0;
	}
	snprintf(err, errlen, "unknown configuration key '%s'", key);
	return -1;
}
