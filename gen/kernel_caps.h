/* kernel_caps.h — the contract of what the kernel side can decide about one leaf (check) of a rule
 * condition, for one event type.
 *
 * The pushdown pass (pushdown.c) asks, per check and per event type, one question: what does the
 * kernel know about this check's outcome? The answer is one of
 *
 *   KC_STATIC    the outcome is fixed for this event type and known now: `evt.type = open` on
 *                openat is FALSE; `evt.dir = <` is TRUE (only exit events reach rules); a check
 *                on a field Falco never has for this event (fd.name on execve, evt.arg.flags on
 *                setuid) is FALSE — Falco's missing-value rule (docs/falco-semantics.md: "Missing
 * values"), never "unknown". KC_EXACT     the kernel evaluates it to TRUE or FALSE, always, with
 * Falco's result. One qualification: container.id (KS_CONTAINER) is exact GIVEN the process-map
 *                entry; a map miss, or an entry whose container_id is "" (not classified), is
 *                UNKNOWN exactly as for KS_PROC fields.
 *   KC_NARROW    the kernel evaluates it to TRUE or FALSE with Falco's result when it has the
 *                whole value, and to UNKNOWN when it does not: value truncated at a limit of
 *                shared_definitions/limits.h, path not resolvable, process not in the kernel
 *                process map, ancestor beyond LANNER_ANCESTOR_DEPTH, socket tuple unreadable.
 *                THE EMITTER MUST PRODUCE UNKNOWN IN EVERY SUCH CASE: that is what keeps the
 *                in-kernel filter sound. A NARROW field the sensor never fills for an event is
 *                therefore sound too (always UNKNOWN), only useless.
 *   KC_USERSPACE the kernel does not know the field for this event (proc.env...) or cannot
 *                implement the operator there (regex, glob, icontains, transformers, val(),
 *                modifiers, long needles): always UNKNOWN. (container.*, k8s.*, user.name...
 *                are NARROW: a bit the loader writes, leaf_meta.h.)
 *
 * The table of fields (kc_field) says for each kernel-known field where the kernel gets the value
 * (enum kc_src — the emitter switches on it), its value kind, the operators implementable on it,
 * its buffer size, and whether it is exact. The table of events (kc_events) is what the sensor
 * captures, with per-event facts (which fd/path/socket data the sensor resolves).
 */
#ifndef LANNER_KERNEL_CAPS_H
#define LANNER_KERNEL_CAPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ast.h"
#include "events.h"
#include "fields.h"
#include "flags.h"
#include "shared_definitions/limits.h"

/* Where the kernel gets a field's value. */
enum kc_src {
	KS_NONE,    /* not in the kernel */
	KS_STATIC,  /* known per event type at generation time (evt.type, evt.dir) */
	KS_RET,	    /* syscall return value: evt.rawres, evt.res (SUCCESS / errno), evt.failed */
	KS_FD_NUM,  /* fd.num: return value of fd-creating events (-1 when it failed),
		     * otherwise the fd argument */
	KS_FD_PATH, /* fd.name (absolute, normalised, symlinks not followed), fd.directory,
		     * fd.filename, fd.nameraw (as passed) */
	KS_FD_TYPE, /* fd.typechar / fd.type: from i_mode of the file or the socket family */
	KS_SOCK,    /* fd.sip/cip/sport/cport/l4proto/sockfamily from the socket tuple */
	KS_PARAM_FLAGS, /* evt.arg.NAME of a raw flag/enum parameter: bit tests (kc_leaf.bits) */
	KS_PARAM_PATH,	/* evt.arg.NAME of a path parameter, rendered as Falco (absolute), or of
			 * a plain string parameter (symlink's target) as passed */
	KS_OPEN_FLAGS,	/* evt.is_open_read / evt.is_open_write: from the open flags' access mode */
	KS_TASK,	/* current task: proc.pid, proc.vpid, user.uid, group.gid, user.loginuid */
	KS_PROC,	/* process map (exec-time state): proc.name, proc.exe, proc.exepath,
			 * proc.args, proc.cmdline, proc.tty, proc.ppid */
	KS_ANCESTOR,	/* process map walk: proc.pname, proc.aname[N], proc.aname (any ancestor),
			 * the parent's and the N-th ancestor's exe, exepath and cmdline */
	KS_CONTAINER,	/* container.id from the cgroup classification */
	KS_META, /* container.*, k8s.*, user/group names: a bit the loader writes (leaf_meta.h) */
	KS_CAPS, /* thread.cap_*: the process map's capability sets of an exec'd process;
		  * contains/icontains = a test of the bits whose printed name holds the
		  * needle (kc_leaf.bits) */
	KS_EXEC_ENV, /* proc.env on execve/execveat: the new image's environment, read at the
		      * exec; (i)contains exact when whole, else UNKNOWN */
};

enum kc_vkind { KV_NUM, KV_STR, KV_BOOL, KV_FLAGS, KV_IP };

/* A kernel-known field. ops: bitmask of (1u << enum cmp_op). */
struct kc_field {
	enum field_id id;
	enum kc_src src;
	enum kc_vkind vkind;
	uint32_t ops;
	size_t max_len;	  /* KV_STR: kernel buffer incl. NUL (the value is truncated beyond) */
	bool exact;	  /* KC_EXACT where known; else KC_NARROW */
	const char *note; /* semantics the emitter must reproduce */
};

/* What the sensor captures for one event type. */
enum {
	KE_FD_NUM = 1 << 0,  /* fd.num known (return value or fd argument) */
	KE_FD_PATH = 1 << 1, /* the event's file path is resolved (fd.name...) */
	KE_FD_TYPE = 1 << 2, /* fd.typechar / fd.type */
	KE_SOCK = 1 << 3,    /* socket tuple read (fd.sip...) */
	KE_OPEN = 1 << 4,    /* open family: evt.is_open_read/write from the flags */
	KE_PARAMS = 1 << 5,  /* raw flag parameters and path parameters shipped (evt.arg.NAME) */
	/* *at path syscalls whose only fd is a dirfd the sensor does not describe: with AT_FDCWD
	 * Falco has no fd (every fd.* check FALSE), with a real dirfd the kernel does not know
	 * (UNKNOWN). fd.* leaves are KC_NARROW; the emitter reads the dirfd argument. */
	KE_DIRFD = 1 << 6,
};
struct kc_event {
	int evt; /* events.h enum evt_id */
	unsigned caps;
};
/* The event types the sensor can capture (every evt.type of falco_rules.yaml plus the
 * process/fd state events). */
const struct kc_event *kc_events(size_t *n);
const struct kc_event *kc_event(int evt); /* NULL: the sensor does not capture evt */
bool kc_event_captured(int evt);

/* The kernel-known fields; kc_field_of returns NULL for a field the kernel never knows. */
const struct kc_field *kc_fields(size_t *n);
const struct kc_field *kc_field_of(enum field_id id);

enum kc_verdict { KC_STATIC, KC_EXACT, KC_NARROW, KC_USERSPACE };
const char *kc_verdict_name(enum kc_verdict v); /* "static", "exact", "narrow", "userspace" */

/* Kleene truth values. */
enum tv { TV_FALSE, TV_TRUE, TV_UNKNOWN };
const char *tv_name(enum tv v); /* "FALSE", "TRUE", "UNKNOWN" */

/* One test on a raw flag/enum parameter value. A rendered item is printed iff its test holds. */
enum kc_bitkind {
	KB_EQ,	 /* (raw & mask) == value */
	KB_ANY,	 /* (raw & mask) != 0 */
	KB_NONE, /* no other name of the table is printed: the zero name of a bit table (O_NONE),
		  * the "unknown" name of an enum table (PTRACE_UNKNOWN); see flags.h */
};
struct kc_bittest {
	enum kc_bitkind kind;
	uint64_t mask, value;
};
bool kc_bittest_eval(enum flag_table t, const struct kc_bittest *b, uint64_t raw);

/* The answer for one check on one event type. */
struct kc_leaf {
	enum kc_verdict verdict;
	enum tv value;		    /* KC_STATIC: the outcome */
	const struct kc_field *cap; /* KC_EXACT / KC_NARROW: the field's kernel description */
	const char *why;	    /* human reason (static text) for STATIC and USERSPACE */
	int ancestor;		    /* KS_ANCESTOR: level N of proc.aname[N] (0 = the process
				     * itself, 1 = parent...; proc.p* are level 1); -1 = any
				     * ancestor from the parent up (proc.aname without index only),
				     * decided within LANNER_ANCESTOR_DEPTH levels, UNKNOWN beyond */
	/* KS_PARAM_FLAGS / KS_PARAM_PATH */
	const struct evt_param *param;
	int param_index;
	enum flag_table table;
	/* KS_CAPS: the leaf is TRUE iff the set has a bit of bits[0].mask (KB_ANY, one test).
	 * KS_PARAM_FLAGS: the leaf is TRUE iff any of bits[] holds (NOT of that for `!=`).
	 * `contains NEEDLE`: one test per name whose text contains the needle (Falco tests the
	 * rendered text: PTRACE_SETREGS is also in PTRACE_SETREGSET); `=`/`in` on an enum table:
	 * one test per name listed. Owned (kc_leaf_free). */
	struct kc_bittest *bits;
	size_t nbits;
	/* F_EVT_RES (=, !=, in): the leaf is TRUE iff rawres >= 0 and res_success, or rawres equals
	 * one of res_codes[] (negative errnos whose Falco name is exactly a listed constant; alias
	 * spellings such as ENOTSUP never match, as in Falco's string compare). Owned. */
	bool res_success;
	int64_t *res_codes;
	size_t nres;
	/* fd.name: every constant holds a '/' and the operator needs it in the value (=, !=, in,
	 * startswith, endswith, (i)contains, glob): an IP socket's name, which has none, decides
	 * the leaf (FALSE, `!=` TRUE; rules/rt.h lnr_leaf_ns). On socket events without the fd's
	 * path (KE_FD_TYPE, no KE_FD_PATH) the leaf exists only then. */
	bool noslash;
};

/* Classifies check (an AST_CHECK of a compiled rule: lhs->field resolved, vals typed) for event
 * type evt. Never fails: anything it does not understand is KC_USERSPACE. */
void kc_classify(const struct ast *check, int evt, struct kc_leaf *out);
void kc_leaf_free(struct kc_leaf *l);

/* The literal strings of a check's right-hand side (typed values when compiled, else the raw
 * operands): count, and item i. Shared with the emitter and tests. */
size_t kc_rhs_count(const struct ast *check);
const char *kc_rhs_str(const struct ast *check, size_t i, size_t *len);

#endif
