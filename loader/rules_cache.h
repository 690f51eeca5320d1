/* rules_cache.h — `lanner -r RULES...`: a bundle for rules files, compiled on the fly by the
 * sibling lanner-gen (same directory as /proc/self/exe) and cached by content.
 *
 * Cache: $LANNER_CACHE_DIR, else /var/cache/lanner (created). File name: the rules' source hash
 * (bundle_hash_sources: names and contents in order) in hex, plus "-<priority>-<matching>" when
 * the build options differ from Falco's defaults, plus "-s<digest>" of the configuration's
 * `rules:` selections when there are any (rulelang/selection.h: a changed selection compiles
 * again, an unchanged one reuses), ".lnb". A cached bundle is reused when it
 * reads back valid, carries the same source hash, and is not older than the lanner-gen binary
 * (a rebuilt generator invalidates every bundle it did not write). Otherwise lanner-gen runs, if
 * clang is on PATH: `lanner-gen -r R1 -r R2 ... [-o priority=P] [-o rule_matching=M]
 * [-o rules[].enable.rule=NAME ...] -b FILE`.
 * What happened is said on stderr ("cache hit" / "compiled in N ms").
 */
#ifndef LANNER_RULES_CACHE_H
#define LANNER_RULES_CACHE_H

#include <stdbool.h>
#include <stddef.h>

#include "options.h"
#include "selection.h"

/* Writes the bundle's path into path. Returns 0, or -1 with a message in err. */
int rules_cache_bundle(char *const *rules, size_t n, const struct lanner_options *o,
		       const struct rule_selects *sel, char *path, size_t pathlen, char *err,
		       size_t errlen);

/* Is an executable named `name` on PATH? */
bool rules_cache_in_path(const char *name);

#endif
