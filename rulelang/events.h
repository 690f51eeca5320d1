/* events.h — the event-type universe rules can name (`evt.type = X`), Falco's exit-event
 * parameter lists (what `evt.arg.NAME` / `evt.arg[N]` see), event flags, and event-type sets.
 *
 * Ids: one per x86_64 syscall in syscall-number order (syscalls_list.h), then Falco's
 * non-syscall events and Falco event names that have no x86_64 syscall (the LNR_META rows of
 * shared_definitions/event_table.h), then EVT_COUNT. Spelled EVT_<kernel syscall name> /
 * EVT_<falco name>: EVT_openat, EVT_pread64, EVT_switch. New LNR_META rows are only ever appended.
 *
 * The facts of each event (parameters, flags, where the sensor's record carries each parameter)
 * are rows of shared_definitions/event_table.h; this file and events.c present them.
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

enum evt_id {
#define SYSCALL(name, nr) EVT_##name,
#include "syscalls_list.h"
#undef SYSCALL
/* Falco event names that are not x86_64 syscall names */
#define LNR_META(name, eflags, params) EVT_##name,
#include "shared_definitions/event_table.h"
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

/* Where a parameter's value is in the sensor's record (struct lnr_sys): the kernel filters and
 * userspace rendering both read it from there (shared_definitions/event_table.h says what each
 * one means). */
enum evt_ploc {
	PL_NONE,       /* not carried: the parameter has no value */
	PL_RES,	       /* the return value */
	PL_ARG,	       /* args[n] */
	PL_AUX,	       /* aux[n] */
	PL_OPEN_FLAGS, /* the open flags (evt_open_flags), 32 bits, plus O_F_CREATED */
	PL_EXE_FLAGS,  /* aux[0]: LNR_PF_EXE_* of the executable */
	PL_PATH_A,     /* slot A, resolved against A_BASE / the cwd */
	PL_PATH_B,     /* slot B, likewise */
	PL_STR_A,      /* slot A as passed */
	PL_STR_A_BASE, /* slot A_BASE as passed */
	PL_STR_B,      /* slot B as passed */
	PL_FD_DEV,     /* fd_dev */
	PL_FD_INO,     /* fd_ino */
	PL_SOCKADDR,   /* the socket address, as fd.name */
	PL_TUPLE,      /* the socket tuple, as fd.name */
	PL_CONST,      /* (LNR_OPEN only) the constant n */
};

struct evt_param {
	const char *name;      /* Falco's parameter name: "fd", "name", "flags" */
	enum ftype type;       /* fields.h type (FT_FLAGS32, FT_MODE... carry a table) */
	enum flag_table table; /* names used to render it; FLT_NONE if none */
	enum evt_pkind kind;
	enum evt_ploc loc; /* where the record carries it */
	int loc_n;	   /* PL_ARG / PL_AUX: the index */
};

struct evt_info {
	enum evt_id id;
	const char *name;    /* Falco's evt.type text */
	const char *sysname; /* kernel syscall name, NULL for non-syscall events */
	int nr;		     /* x86_64 syscall number, -1 for non-syscall events */
	unsigned flags;	     /* EF_* */
	int nparams;
	const struct evt_param *params; /* exit event's params, Falco's order */
	bool followed;			/* the sensor has an exit program for it (LNR_SC) */
	int enter_kind;			/* records.h LNR_ENTER_*: its entry-time copy */
	int drop_cat;			/* records.h LNR_DCAT_*: Falco's category of its losses */
};

const struct evt_info *evt_info(int id); /* NULL if id out of range */
/* Id for a Falco event name or kernel syscall name; -1 if unknown (compiler reports
 * "unknown event type X"). */
int evt_lookup(const char *name);
const char *evt_name(int id); /* NULL if id out of range */
int evt_count(void);	      /* EVT_COUNT */
/* Event id of syscall nr; -1 if none. */
int evt_of_syscall(int nr);
/* The open family (open, openat, openat2, creat): where its open flags are (PL_ARG / PL_AUX with
 * *n the index, or PL_CONST with *n the flags); PL_NONE for any other event. */
enum evt_ploc evt_open_flags(int id, int *n);

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
