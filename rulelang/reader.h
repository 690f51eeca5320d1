/* reader.h — YAML node tree → rules-file items (reader.c), handed to the collector. Internal to
 * rulelang: load.c calls it for every file. */
#ifndef LANNER_READER_H
#define LANNER_READER_H

#include "collector.h"
#include "yaml_doc.h"

/* Reads every document of doc into c->rs through the collect_* functions of collector.h.
 * Returns 0, or -1 after adding exactly one error (the rest of the file is not read, as in
 * Falco). */
int rules_read(struct load_ctx *c, const struct ydoc *doc);

#endif
