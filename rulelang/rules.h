/* rules.h — Falco rules files: the loaded model and the loading pipeline.
 *
 * Pipeline (docs/falco-semantics.md, "Loading rules files"): for each file in order,
 *   load.c       path → bytes (regular files only, bounded in size)
 *   yaml_doc.c   bytes → YAML node tree with line/column of every node (libyaml)
 *   reader.c     node tree → items (list/macro/rule/required_*), key and type checks
 *   collector.c  items → the accumulated ruleset: redefinition, legacy append, override
 *   compile.c    whole ruleset → list substitution, exceptions as text, parse, macro inlining,
 *                field/operator checks, event-type sets (its passes: compile_passes.h)
 * Falco recompiles the whole accumulated set after every file; ruleset_load_path() does the same
 * and reports the diagnostics that belong to that file's load.
 */
#ifndef LANNER_RULES_H
#define LANNER_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "diag.h"

enum priority {
	PRI_EMERGENCY,
	PRI_ALERT,
	PRI_CRITICAL,
	PRI_ERROR,
	PRI_WARNING,
	PRI_NOTICE,
	PRI_INFORMATIONAL,
	PRI_DEBUG,
	PRI_COUNT
};
/* Case-insensitive, "info" accepted. Returns -1 when unknown. */
int priority_parse(const char *s);
const char *priority_name(enum priority p); /* canonical: "Warning", "Informational" */

struct srcpos {
	const char *file; /* points into ruleset->files (owned there) */
	int line, col;	  /* 1-based */
};

/* One exception value: a scalar or (inside a tuple) a nested list of scalars. */
struct exc_value {
	bool is_list;
	char *s;      /* scalar */
	char **items; /* list */
	size_t nitems;
};

struct rule_exception {
	char *name;
	bool fields_is_list; /* "fields: [a, b]" vs "fields: a" */
	char **fields;
	size_t nfields;
	char **comps; /* defaulted by collector.c ("=" each, or "in") */
	size_t ncomps;
	/* single-field form: one value per entry (nvalues_per_tuple == 1 and values[i][0]);
	 * list form: tuples of nfields values each */
	struct exc_value **values; /* values[i] = array of nfields exc_value */
	size_t nvalues;
	struct srcpos pos;
	/* Added by collector.c (the YAML shape, for exact Falco text generation and checks):
	 * value_len[i] = number of exc_value in values[i]; value_is_seq[i] = values[i] was written
	 * as a YAML sequence (a tuple) rather than a single scalar. Tuple lengths are NOT checked
	 * against nfields here ("Fields and values lists must have equal length" is
	 * exceptions.c's).
	 */
	size_t *value_len;
	bool *value_is_seq;
	bool has_fields;    /* fields given and non-empty (always true once collected in a rule) */
	bool has_comps;	    /* comps given in YAML (false: defaulted by the collector) */
	bool comps_is_list; /* comps[] mirrors fields: list form; else one comp (ncomps == 1) */
};

struct rl_list {
	char *name;
	char **items;
	size_t nitems;
	struct srcpos pos;
	int index; /* first-definition order among lists */
	bool used;
};

struct rl_macro {
	char *name;
	char *condition;
	struct srcpos pos, cond_pos; /* cond_pos: start of the YAML value (">" for block scalars) */
	int first_index;	     /* macro visibility (macros.c) */
	int last_index;
	bool used;
	struct ast *ast; /* compiled: lists substituted, parsed, macros inlined */
};

struct rl_rule {
	char *name;
	char *condition;
	char *output;
	char *desc;
	enum priority priority;
	char *source; /* "syscall" by default */
	bool enabled;
	char **tags; /* sorted, unique */
	size_t ntags;
	struct rule_exception *exceptions;
	size_t nexceptions;
	bool warn_evttypes;	     /* default true */
	bool skip_if_unknown_filter; /* default false */
	bool capture;
	uint64_t capture_duration;
	bool unknown_source; /* source is not "syscall": LOAD_UNKNOWN_SOURCE given, never compiled
			      */
	struct srcpos pos, cond_pos, output_pos;
	int index; /* first-definition order = evaluation order */

	/* compiled by compile.c */
	bool skipped;	      /* unknown source or skip-if-unknown-filter */
	char *full_condition; /* "(cond) and not (...)" with exceptions, before list substitution */
	struct ast *ast;   /* resolved condition: lists substituted, macros inlined, fields typed */
	uint8_t *evttypes; /* bitmap over events.h event-type ids; NULL = not computed */
	size_t nevttypes;  /* number of set bits; EVT_ALL_TYPES when unrestricted */
};

struct plugin_req {
	char *name, *version;
	/* alternatives are accepted and checked for shape only */
};

struct ruleset {
	char **files; /* every file name loaded, owned */
	size_t nfiles;
	struct rl_list *lists;
	size_t nlists;
	struct rl_macro *macros;
	size_t nmacros;
	struct rl_rule *rules;
	size_t nrules;
	char *required_engine_version; /* highest seen, or NULL */
	struct plugin_req *plugins;
	size_t nplugins;
	int next_index; /* Falco's shared item counter: every define/append/replace takes one */
};

/* Engine version we claim compatibility with (Falco's at the spec snapshot). */
#define LANNER_ENGINE_VERSION "0.63.0"

/* Lanner extracts the container plugin's fields itself (container.*, k8s.ns.name, k8s.pod.*), so
 * it satisfies `required_plugin_versions` entries for the plugin "container" up to this version:
 * the plugin release whose field table ours follows (the deprecated k8s.deployment/rc/rs/svc.*
 * fields excepted). The stock rules files require 0.4.0. Any other plugin is "not loaded". */
#define LANNER_CONTAINER_PLUGIN_NAME	"container"
#define LANNER_CONTAINER_PLUGIN_VERSION "0.7.1"

/* Limits that keep a hostile or runaway rules file from hanging or exhausting the machine. Each is
 * an error naming the file or the item, the limit and the size; Falco's own files are far below
 * them (largest stock rule: about 1,300 nodes; largest stock file: about 95 KB).
 *   RL_MAX_RULES_FILE_BYTES   one rules file (a device such as /dev/zero never ends)
 *   RL_MAX_CONDITION_NODES    a rule's or macro's condition after list and macro expansion, in
 *                             nodes as counted by ast_size(); checked while expanding, so a
 *                             macro that doubles at every level stops at the limit */
#define RL_MAX_RULES_FILE_BYTES (16u << 20)
#define RL_MAX_CONDITION_NODES	15000

struct ruleset *ruleset_new(void);
void ruleset_free(struct ruleset *rs);

/* A ruleset made in memory, not read from a file (the loader re-types a bundle's conditions,
 * the meta-leaf checks): LABEL is its one file name, with room for N rules. */
struct ruleset *ruleset_made(const char *label, size_t n);
/* Appends a rule to a made ruleset (within its N): syscall source, enabled, at line 1 of the
 * label, its index its position. The strings are copied; NULL is the empty string. */
void ruleset_add_made_rule(struct ruleset *rs, const char *name, const char *condition,
			   const char *output, enum priority priority);

/* Loads one file (or a directory: sorted regular files named .yaml or .yml) on top of what rs
 * holds, then recompiles the whole set. Diagnostics go to out. Returns the number of errors added
 * (0 = this load succeeded). A file name not ending in .yaml/.yml is ignored (Falco). */
int ruleset_load_path(struct ruleset *rs, const char *path, struct diags *out);
/* Same for in-memory text (tests, fuzzing); name is used in diagnostics. */
int ruleset_load_string(struct ruleset *rs, const char *name, const char *text, size_t len,
			struct diags *out);

/* compile.c: (re)compiles the whole accumulated set after a file was collected; diagnostics that
 * arise are attributed to `file` where they have no position of their own. Returns errors added. */
int ruleset_compile(struct ruleset *rs, const char *file, struct diags *out);

/* Lookups (NULL when absent). */
struct rl_rule *ruleset_find_rule(struct ruleset *rs, const char *name);
struct rl_macro *ruleset_find_macro(struct ruleset *rs, const char *name);
struct rl_list *ruleset_find_list(struct ruleset *rs, const char *name);

#endif
