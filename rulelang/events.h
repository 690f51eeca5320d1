/* events.h — the event-type universe rules can name (`evt.type = X`), Falco's exit-event
 * parameter lists (what `evt.arg.NAME` / `evt.arg[N]` see), event flags, and event-type sets.
 *
 * Ids: one per x86_64 syscall in syscall-number order (syscalls_list.h), then Falco's
 * non-syscall events and Falco event names that have no x86_64 syscall (EVT_EXTRA_LIST), then
 * EVT_COUNT. Spelled EVT_<kernel syscall name> / EVT_<falco name>: EVT_openat, EVT_pread64,
 * EVT_switch. New entries are only ever appended to EVT_EXTRA_LIST.
 *
 * Names: evt_name() is Falco's evt.type text, which differs from the kernel syscall name for a few
 * syscalls (pread64 → "pread", pwrite64 → "pwrite", prlimit64 → "prlimit"); evt_lookup accepts
 * both spellings, like Falco's event-type inference does through its syscall table
 * (docs/falco-semantics.md: "Event-type inference").
 *
 * Only exit events reach rules (docs/falco-semantics.md: "Events"), so params are the exit event's,
 * enter params appended as Falco does. Syscalls Falco has no dedicated event for are "generic":
 * params ID, nativeID.
 */
#ifndef LANNER_EVENTS_H
#define LANNER_EVENTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fields.h"
#include "flags.h"

/* Falco event names that are not x86_64 syscall names. */
#define EVT_EXTRA_LIST                                                                             \
	EVT_EXTRA(switch)                                                                          \
	EVT_EXTRA(procexit)                                                                        \
	EVT_EXTRA(signaldeliver)                                                                   \
	EVT_EXTRA(page_fault)                                                                      \
	EVT_EXTRA(container)                                                                       \
	EVT_EXTRA(cpu_hotplug)                                                                     \
	EVT_EXTRA(notification)                                                                    \
	EVT_EXTRA(infra)                                                                           \
	EVT_EXTRA(drop)                                                                            \
	EVT_EXTRA(procinfo)                                                                        \
	EVT_EXTRA(tracer)                                                                          \
	EVT_EXTRA(sysdigevent)                                                                     \
	EVT_EXTRA(mesos)                                                                           \
	EVT_EXTRA(k8s)                                                                             \
	EVT_EXTRA(useradded)                                                                       \
	EVT_EXTRA(userdeleted)                                                                     \
	EVT_EXTRA(groupadded)                                                                      \
	EVT_EXTRA(groupdeleted)                                                                    \
	EVT_EXTRA(pluginevent)                                                                     \
	EVT_EXTRA(asyncevent)                                                                      \
	EVT_EXTRA(socketcall)                                                                      \
	EVT_EXTRA(send)                                                                            \
	EVT_EXTRA(recv)                                                                            \
	EVT_EXTRA(stat64)                                                                          \
	EVT_EXTRA(lstat64)                                                                         \
	EVT_EXTRA(fstat64)                                                                         \
	EVT_EXTRA(llseek)                                                                          \
	EVT_EXTRA(mmap2)                                                                           \
	EVT_EXTRA(umount)                                                                          \
	EVT_EXTRA(sigreturn)

enum evt_id {
#define SYSCALL(name, nr) EVT_##name,
#include "syscalls_list.h"
#undef SYSCALL
#define EVT_EXTRA(name) EVT_##name,
	EVT_EXTRA_LIST
#undef EVT_EXTRA
		EVT_COUNT
};

/* Number of set bits meaning "no event-type restriction" (rules.h nevttypes). */
#define EVT_ALL_TYPES ((size_t)EVT_COUNT)

/* Event flags (Falco's EF_*). */
enum {
	EF_CREATES_FD = 1 << 0,	    /* the event creates an fd (open, socket, accept...) */
	EF_DESTROYS_FD = 1 << 1,    /* close */
	EF_USES_FD = 1 << 2,	    /* operates on an fd parameter */
	EF_READS_FROM_FD = 1 << 3,  /* read family */
	EF_WRITES_TO_FD = 1 << 4,   /* write family */
	EF_MODIFIES_STATE = 1 << 5, /* libsinsp state changes (process/fd tables) */
	EF_WAITS = 1 << 6,	    /* may block (sleep family) */
	EF_GENERIC = 1 << 7,	    /* Lanner: no dedicated Falco event, params ID/nativeID */
	EF_META = 1 << 8,	    /* Lanner: not a syscall (switch, procexit, container...) */
	EF_NO_X86_64 = 1 << 9, /* Lanner: Falco event name with no x86_64 syscall: never fires */
};

/* How a parameter's bytes are interpreted beyond its ftype (Falco PT_* that fields.h folds). */
enum evt_pkind {
	PK_PLAIN,     /* the ftype says it all */
	PK_UID,	      /* PT_UID: FT_UINT32, rendered as user name */
	PK_GID,	      /* PT_GID: FT_UINT32, rendered as group name */
	PK_SOCKTUPLE, /* PT_SOCKTUPLE: FT_BYTEBUF */
	PK_SOCKADDR,  /* PT_SOCKADDR: FT_BYTEBUF */
	PK_DYN,	      /* PT_DYN: type chosen per event (ptrace addr/data) */
	PK_SIGSET,    /* PT_SIGSET: FT_UINT32 */
};

struct evt_param {
	const char *name;      /* Falco's parameter name: "fd", "name", "flags" */
	enum ftype type;       /* fields.h type (FT_FLAGS32, FT_MODE... carry a table) */
	enum flag_table table; /* names used to render it; FLT_NONE if none */
	enum evt_pkind kind;
};

struct evt_info {
	enum evt_id id;
	const char *name;    /* Falco's evt.type text */
	const char *sysname; /* kernel syscall name, NULL for non-syscall events */
	int nr;		     /* x86_64 syscall number, -1 for non-syscall events */
	unsigned flags;	     /* EF_* */
	int nparams;
	const struct evt_param *params; /* exit event's params, Falco's order */
};

const struct evt_info *evt_info(int id); /* NULL if id out of range */
/* Id for a Falco event name or kernel syscall name; -1 if unknown (compiler reports
 * "unknown event type X"). */
int evt_lookup(const char *name);
const char *evt_name(int id); /* NULL if id out of range */
int evt_count(void);	      /* EVT_COUNT */
/* Event id of syscall nr; -1 if none. */
int evt_of_syscall(int nr);

/* Param by name within an event; NULL if the event has none of that name. *index gets its
 * position (for evt.arg[N]) when index is non-NULL. */
const struct evt_param *evt_param_by_name(int id, const char *name, int *index);
/* Is name a parameter of any event? */
bool evt_param_name_known(const char *name);
/* Length of the longest known parameter name that text starts with (text continues with other
 * characters, e.g. "flags contains O_CREAT" → 5); 0 if none. The compiler resolves
 * `evt.arg.NAME` by longest match. */
size_t evt_param_name_prefix(const char *text);

/* ---- event-type sets: a bitmap over ids. Bit i is byte i/8, bit i%8 (so it can be copied into
 * rules.h's uint8_t evttypes bitmap as is). ---- */
#define EVTSET_BYTES ((EVT_COUNT + 7) / 8)
struct evtset {
	uint8_t bits[EVTSET_BYTES];
};

void evtset_none(struct evtset *s);
void evtset_all(struct evtset *s);
void evtset_set(struct evtset *s, int id); /* ids out of range are ignored */
void evtset_clear(struct evtset *s, int id);
bool evtset_test(const struct evtset *s, int id);
void evtset_union(struct evtset *dst, const struct evtset *src);     /* dst |= src */
void evtset_intersect(struct evtset *dst, const struct evtset *src); /* dst &= src */
void evtset_complement(struct evtset *s);			     /* over all EVT_COUNT ids */
size_t evtset_count(const struct evtset *s);
bool evtset_equal(const struct evtset *a, const struct evtset *b);
bool evtset_is_all(const struct evtset *s);
/* Iteration: first id >= from in s, or -1. for (i = evtset_next(s, 0); i >= 0; i = evtset_next(s, i
 * + 1)) */
int evtset_next(const struct evtset *s, int from);

#endif
