/* config_keys.h — the table of configuration keys (config_keys.c) that config.c types the merged
 * tree against: each known key's dotted path, its type and where it goes in struct
 * lanner_config; and the Falco keys Lanner accepts but has no use for, with the reason. */
#ifndef LANNER_CONFIG_KEYS_H
#define LANNER_CONFIG_KEYS_H

#include <stddef.h>

enum ckey_type {
	CK_BOOL,
	CK_LONG,	  /* within [min, max] */
	CK_DOUBLE,	  /* within [min, max] */
	CK_STR,		  /* char *, NULL/empty when null */
	CK_STRLIST,	  /* a string or a list of strings */
	CK_PRIORITY,	  /* int, Falco priority name */
	CK_MATCHING,	  /* enum rule_matching */
	CK_DROP_ACTIONS,  /* unsigned DROP_ACT_* set */
	CK_DURATION_MS,	  /* long: "1h30m", "15s", "500ms" or a number of milliseconds */
	CK_APPEND_OUTPUT, /* struct append_output: Falco's append_output list */
	CK_RULES	  /* struct rule_selects: Falco's rules: enable/disable selections */
};

struct ckey {
	const char *path;
	enum ckey_type type;
	size_t off;
	double min, max;
};

extern const struct ckey config_keys[];
extern const size_t config_nkeys;

struct ckey_ignored {
	const char *path; /* the key and everything under it */
	const char *why;
};
extern const struct ckey_ignored config_ignored[];
extern const size_t config_nignored;

#endif
