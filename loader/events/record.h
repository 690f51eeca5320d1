/* record.h — decoding of the sensor's ring-buffer records (shared_definitions/records.h) into a
 * checked view, resolution of path arguments, and the process-table updates records imply.
 * Every length is validated: a short or inconsistent record is refused, never read past. */
#ifndef LANNER_RECORD_H
#define LANNER_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "events/proctable.h"
#include "shared_definitions/records.h"

#define REC_PATH_MAX 8192

struct rec_slot {
	const char *p; /* NULL when absent */
	size_t len;    /* bytes, for strings without the NUL */
};

struct rec_view {
	const struct lnr_hdr *h;
	const struct lnr_sys *sys;	 /* LNR_K_SYSCALL */
	const struct lnr_proc_rec *proc; /* LNR_K_EXEC / FORK / EXIT */
	struct rec_slot slot[LNR_NSLOTS];
	/* LNR_K_EXEC with LNR_PF_ENV: the environment after the slots (NUL-separated) */
	struct rec_slot env;
	/* filled by rec_decode for syscalls: slot A/B made absolute and normalised (fd.name) */
	char path_a[REC_PATH_MAX];
	char path_b[REC_PATH_MAX];
	bool has_a, has_b;
};

/* Checks and decodes; false (with *why set) when the record is malformed. */
bool rec_decode(const void *data, size_t size, struct rec_view *v, const char **why);

/* Falco's fd.name for a path argument: rel resolved against base (when rel is relative and base
 * given), then `.`, `..` and repeated `/` removed; symlinks are not followed. Always writes a
 * NUL-terminated result (cut at size). */
void rec_path_resolve(const char *base, const char *rel, char *out, size_t size);

/* Applies exec/fork/exit/cwd records to the userspace process table. For a syscall record,
 * joins its cwd-relative path arguments (LNR_RF_CWD_*) to the cwd the table tracks, Falco's
 * (path_a/path_b rewritten). Returns true when the record was a process record (whatever the
 * outcome). */
bool rec_apply_proc(struct proctable *pt, struct rec_view *v);

#endif
