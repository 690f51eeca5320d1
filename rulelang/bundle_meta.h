/* bundle_meta.h — the BSEC_METADATA section of a bundle: everything the loader needs besides
 * the BPF object, so `lanner -b` runs without clang and without the rules files.
 *
 * Serialised as JSON (json-c) by lanner-gen, parsed by lanner. Contract between gen/ and loader/:
 *
 *   rules[i]      one per rule that made it into the kernel programs, in Falco's evaluation
 *                 order; `id` is i. `condition` is the rule's full resolved condition in the
 *                 canonical form of rulelang/printer.c (macros inlined, lists substituted,
 *                 exceptions appended): the loader re-types it with the compiler (no macros or
 *                 lists are needed) and evaluates it in userspace when the kernel says UNKNOWN.
 *   events[k]     per event type: the rule ids the kernel program of that type evaluates, in
 *                 order. The kernel's verdict in a record indexes this list (see records.h
 *                 lnr_verdict): `first` = position of the first rule whose kernel predicate was
 *                 not FALSE; `state` TRUE or UNKNOWN. Userspace evaluates, in order, the rules of
 *                 events[evt] from `first` on (all of them with their full condition, unless the
 *                 kernel said TRUE for `first` and rule_matching is first).
 *   maps[m]       contents of the kernel set maps the generated code looks strings up in
 *                 (`in`/`pmatch`/`startswith` over long lists): the loader fills them after load.
 *                 Keys as gen/emit_c.c builds them: MM_HASH_EXACT: the item's bytes, zero-padded
 *                 to key_size (every item is shorter than key_size). MM_LPM_*: struct { u32
 *                 prefixlen; u8 data[key_size - 4]; }, prefixlen = 8 * strlen(item), data = the
 *                 item (MM_LPM_SUFFIX: reversed by the loader). pmatch items are stored already
 *                 normalised with a trailing '/' ("/usr/bin/"): the kernel looks up value + "/".
 *   meta_leaves[l]  the checks on facts only userspace learns (container.*, k8s.*, user.name,
 *                 group.name, user.loginname) that the kernel decides by a bit the loader writes
 *                 (shared_definitions/meta_maps.h): `kind` container/user/group/login, `bit`
 *                 its bit in that kind's map values, `check` the canonical check text, which the
 *                 loader compiles and evaluates per container (per user) to fill the maps. A
 *                 bundle without the key has no such leaves.
 *   rule_selection  the configuration `rules:` selections lanner-gen applied before generating
 *                 (rulelang/selection.h canonical text; "" none). Absent in older bundles.
 *   left_out[i]   the rules of the files the build left out because they were disabled (their
 *                 file's `enabled: false`, or a selection) although their priority passed:
 *                 name, priority, tags. The loader names them when a configuration would enable
 *                 one, with how to build a bundle that has it.
 *   Verdicts: a syscall record reaches userspace only when some rule of events[evt] was not
 *   FALSE (records.h v_*). So does a successful exec (LNR_K_EXEC): when no execve/execveat
 *   rule can match (v_state LNR_V_NONE) the kernel drops it (the process table is read from
 *   the kernel's process map, loader/events/proc_lazy.h), unless every lifecycle record is
 *   wanted (capture, --ship-all).
 */
#ifndef LANNER_BUNDLE_META_H
#define LANNER_BUNDLE_META_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options.h"

#define BUNDLE_META_FORMAT 1

struct meta_rule {
	char *name;
	int priority; /* enum priority */
	char *source;
	char **tags;
	size_t ntags;
	char *output;	 /* after append rules of the build options are NOT applied: loader does */
	char *condition; /* canonical full condition */
	char *decided;	 /* "fully", "partly", "not at all" (informational) */
};

/* A rule the build left out, disabled (bundle_meta.h: left_out). */
struct meta_left_out {
	char *name;
	int priority;
	char **tags;
	size_t ntags;
};

struct meta_event {
	int evt; /* events.h id (by name in JSON: "openat") */
	int *rules;
	size_t nrules;
};

enum meta_map_kind {
	MM_HASH_EXACT, /* key: string padded to key_size */
	MM_LPM_PREFIX, /* LPM trie over the bytes (startswith / pmatch) */
	MM_LPM_SUFFIX, /* LPM trie over the reversed bytes (endswith) */
};

struct meta_map {
	char *name; /* BPF map name in the object */
	enum meta_map_kind kind;
	uint32_t key_size;
	uint32_t value; /* value stored for every item (e.g. a bit of the rules using it) */
	char **items;
	size_t nitems;
};

/* A meta leaf (kind: shared_definitions/meta_maps.h enum lnr_meta_kind). */
struct meta_leaf {
	int kind;
	int bit;
	char *check;
};

struct bundle_meta {
	int format;
	char *generator;   /* "lanner-gen <version>" */
	char *source_hash; /* hex */
	char **sources;	   /* rules files as given */
	size_t nsources;
	enum rule_matching rule_matching; /* as built; the loader may override with -o */
	int priority;			  /* threshold applied at build */
	struct meta_rule *rules;
	size_t nrules;
	struct meta_event *events;
	size_t nevents;
	struct meta_map *maps;
	size_t nmaps;
	struct meta_leaf *meta_leaves;
	size_t nmeta_leaves;
	char *rule_selection; /* NULL: not recorded (an older bundle) */
	struct meta_left_out *left_out;
	size_t nleft_out;
};

/* Returns a malloc'd JSON text. */
char *bundle_meta_to_json(const struct bundle_meta *m);
/* Parses; 0 or -1 with a message in err (unknown event names, bad types, missing keys). */
int bundle_meta_from_json(const char *json, size_t len, struct bundle_meta *m, char *err,
			  size_t errlen);
void bundle_meta_free(struct bundle_meta *m);

#endif
