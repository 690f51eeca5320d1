/* config_append.h — typing the two list-valued Falco keys whose entries are themselves
 * structured: `append_output` (append_output.h) and `rules` (rulelang/selection.h). Both take a
 * list of mappings, or one mapping (what `-o append_output.extra_output=...` builds). A value of
 * the wrong shape is an error naming the key and where it was set (file:line or the -o argument).
 */
#ifndef LANNER_CONFIG_APPEND_H
#define LANNER_CONFIG_APPEND_H

#include <stddef.h>

#include "config/cfgtree.h"
#include "selection.h"
#include "outputs/append_output.h"

/* Appends n's entries to out. 0, or -1 with the message in err. */
int config_type_append_output(const struct cnode *n, struct append_output *out, char *err,
			      size_t errlen);
int config_type_rules(const struct cnode *n, struct rule_selects *out, char *err, size_t errlen);

#endif
