/* options.h — Falco configuration keys that Lanner honours, settable with `-o key=value`
 * (docs/falco-semantics.md, "Configuration"). Both binaries accept the same keys; unknown keys are
 * an error, not ignored, so a typo never silently changes behaviour. */
#ifndef LANNER_OPTIONS_H
#define LANNER_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

enum rule_matching { MATCH_FIRST, MATCH_ALL };

struct append_output;

struct lanner_options {
	bool json_output;
	bool json_include_output_property;
	bool json_include_output_fields_property;
	bool json_include_tags_property;
	bool json_include_message_property;
	bool time_format_iso_8601;
	bool buffered_outputs;
	int priority; /* enum priority threshold: rules less severe are dropped */
	enum rule_matching rule_matching;
	bool suggested_output; /* append_output: [{suggested_output: true}] (Falco's default) */
	/* the loader's append_output entries (loader/outputs/append_output.h); NULL: none */
	const struct append_output *append;
};

void options_init(struct lanner_options *o);
/* Applies "key=value". Returns 0, or -1 with a message in err. */
int options_set(struct lanner_options *o, const char *kv, char *err, size_t errlen);
/* True when `arg` looks like a "key=value" option rather than a path. */
bool options_is_kv(const char *arg);

#endif
