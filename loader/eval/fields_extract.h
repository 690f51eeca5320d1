/* fields_extract.h — Falco field values of one sensor event: the decoded record (record.h) plus
 * the userspace process table. This is the getter the evaluator (eval.h field_getter_fn) and the
 * alert formatter call, and what `lanner capture` prints.
 *
 * Per event: fx_begin(), then any number of fx_get()/fx_text() calls; values handed out stay
 * valid until the next fx_begin() (they live in the context's arena).
 */
#ifndef LANNER_FIELDS_EXTRACT_H
#define LANNER_FIELDS_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "eval/eval.h"
#include "fields.h"
#include "events/proctable.h"
#include "events/proc_lazy.h"
#include "events/record.h"

#define FX_ARENA 65536

struct userdb;
struct container_meta;

struct fx_ctx {
	/* Enrichment, set once by the owner (rule mode); NULL keeps the plain behaviour:
	 *   udb  user.name/group.name/user.loginname from the process's own root (userdb.h);
	 *        NULL: the host's NSS;
	 *   cm   container.* / k8s.* metadata (container_meta.h, never blocks); NULL: only
	 *        container.id has a value. */
	struct userdb *udb;
	struct container_meta *cm;
	/* pl: the process table is filled on demand (events/proc_lazy.h): the event's process is
	 * loaded before evaluation, its ancestors the first time a field needs them (anc_done);
	 * NULL: the table is complete (capture mode: lifecycle records) */
	struct proc_lazy *pl;
	bool anc_done;
	const struct rec_view *v;
	struct proctable *pt;
	uint64_t evt_num;      /* evt.num of this event */
	int64_t boot_to_epoch; /* add to a record's boot-time ts for epoch ns */
	int evt;	       /* event id (events.h) */
	size_t used;
	char arena[FX_ARENA];
};

/* Sets up ctx for one event. boot_to_epoch: see fx_boot_to_epoch(). */
void fx_begin(struct fx_ctx *c, const struct rec_view *v, struct proctable *pt, uint64_t evt_num,
	      int64_t boot_to_epoch);
/* Offset between CLOCK_BOOTTIME and the epoch, measured now. */
int64_t fx_boot_to_epoch(void);

/* fields_container.c: container.* (but container.id) and k8s.* fields of process e from c->cm.
 * False (missing) while the metadata is pending or unknown, and for host processes where the
 * plugin has no value. */
bool fx_container_field(struct fx_ctx *c, const struct proc_entry *e, enum field_id id,
			const char *arg, struct fieldval *out);
/* fields_env.c: proc.env / proc.env[NAME] of process e (arg NULL: the whole environment). */
bool fx_proc_env(struct fx_ctx *c, const struct proc_entry *e, const char *arg,
		 struct fieldval *out);
/* Does a rule of m read proc.env (condition or output)? The sensor then ships the environment
 * with each exec record (sensor_opts.exec_env). */
struct bundle_meta;
bool fx_meta_reads_env(const struct bundle_meta *m);
/* Bytes from the event's arena (valid until the next fx_begin); NULL when full. */
char *fx_arena_alloc(struct fx_ctx *c, size_t n);
/* Makes o a string of len bytes in the arena and returns its buffer (len + 1 bytes); NULL (o
 * untouched) when the arena is full. */
char *fx_str_space(struct fx_ctx *c, struct fieldval *o, size_t len);
/* o = the string render(x, buf, size) writes, in the arena (false when it is full). render follows
 * snprintf's contract: render(x, NULL, 0) is the length it needs. x is evaluated twice. */
#define FX_PUT_RENDERED(c, o, render, x)                                                           \
	(fx_str_space((c), (o), render((x), NULL, 0)) != NULL &&                                   \
	 (render((x), (char *)(o)->s, (o)->len + 1), true))

/* Value of field id (with its argument text, or NULL) for the current event. out->anc and
 * out->side are requests (eval.h). False when Falco would say "not available". */
bool fx_get(struct fx_ctx *c, enum field_id id, const char *arg, struct fieldval *out);
/* eval.h's field_getter_fn over fx_get; ctx is a struct fx_ctx. */
bool fx_getter(void *ctx, const struct operand *fieldref, struct fieldval *out);
/* The value as Falco prints it in output (numbers in decimal, bools true/false). False when
 * missing. For ancestor fields the level comes from arg ("proc.aname[2]"). */
bool fx_text(struct fx_ctx *c, enum field_id id, const char *arg, char *buf, size_t len);
/* A value from fx_get as output text. */
bool fx_value_text(const struct fieldval *v, char *buf, size_t len);
/* evt.arg.NAME / evt.arg[N] text; false when the event has no such parameter. */
bool fx_param_text(struct fx_ctx *c, int index, char *buf, size_t len);

#endif
