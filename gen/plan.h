/* plan.h — the program plan: the pass between pushdown (what the kernel decides) and printing
 * (emit_c.c and its printers), as a compiler separates lowering from emission.
 *
 * From the pushdown split the plan decides, before any C is printed:
 *   - the distinct leaves (one C function each, lnr_l<k>), found by their structure: the check
 *     as printed, the member it reads and how (values.h), its verdict; the leaf's C expression
 *     is built once here (leaf_c.h), which is where its set maps and contains needles are
 *     registered; a leaf the generator cannot implement has no expression (UNKNOWN);
 *   - the distinct rule kernel parts (one function each, lnr_r<k>), shared by the event types
 *     where a rule's kernel part has the same structure over the same leaves;
 *   - one program per event type (the sensor's exit program of that syscall, plus the exec
 *     path for execve/execveat): which rule function runs at each rule position, the fd.name
 *     dispatch (rules the hash lookup decides without a call), and the program's budget;
 *   - which functions, needles and maps the kernel really uses (the others exist only in the
 *     host build tests/diff compiles) and the events that share one fetch and one filter.
 *
 * Budget. The verifier allows 256 functions (subprograms) per program and 1,000,000 processed
 * instructions. A program's subprograms are the global functions it reaches: its rule functions,
 * their leaves, contains callbacks (kernels without the string kfuncs), lnr_need, and the sensor's
 * own (PLAN_SENSOR_SUBPROGS). When the count would pass PLAN_MAX_SUBPROGS, the plan makes that
 * program's rule functions "compact": their leaves are inlined into them (the same leaf code, as
 * static __always_inline functions), so the program costs one subprogram per rule function.
 * The result of every rule is unchanged (the same code evaluates the same values); only where the
 * verifier checks it changes.
 *
 * Split. A program still over a budget after that (subprograms, or the estimated instructions
 * the verifier walks, PLAN_MAX_INSNS) is split into parts (plan_split.c): consecutive ranges of
 * its rule positions, each a BPF program of its own with its own subprograms, chained by tail
 * calls through a prog array of the generation (lnr_parts for the syscall exit programs,
 * lnr_exec_parts for the exec path; the loader fills them before it switches to the
 * generation, so a reload still swaps one entry per event type). The first part is the event
 * type's exit program: it fetches the values once (per-CPU map) and starts the verdict (per-CPU
 * map); each part adds the verdicts of its positions in order, exactly the calls the unsplit
 * filter makes, so v_first/v_state/v_maybe/v_true come out the same; the last part (or the
 * first TRUE under rule_matching first) stores the verdict and sends. A failed tail call (an
 * empty slot) ships the event with every rule UNKNOWN: userspace decides, nothing is lost.
 * Stack is estimated per rule function (the deepest chain of Kleene temporaries, plus its leaf's
 * frame, over the sensor's own frame): splitting cannot lower it, so a rule over it is an error
 * naming it (plan_check), as is a rule function alone over a part's budget.
 * LANNER_GEN_NO_INLINE=1 (tests only) turns the inlining, the split and plan_check off, so that
 * the verifier's refusal and its message can be shown.
 */
#ifndef LANNER_GEN_PLAN_H
#define LANNER_GEN_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bundle_meta.h"
#include "shared_definitions/name_hash.h"
#include "pushdown.h"
#include "values.h"

#define PLAN_MAX_SUBPROGS    256 /* the kernel's limit per program (BPF_MAX_SUBPROGS) */
#define PLAN_SENSOR_SUBPROGS 24	 /* the sensor's own global functions, with margin */
#define PLAN_BUDGET	     (PLAN_MAX_SUBPROGS - PLAN_SENSOR_SUBPROGS)
/* Instructions: the verifier walks at most 1,000,000 per program, all its functions together.
 * A rule function's estimate (plan_split.c) is scaled to what the verifier processes (measured
 * on Linux 6.18: 4 to 6 times the static estimate for rule functions); the first part also
 * holds the sensor's exit program and the fetch (measured: openat's, with the fd.name path
 * work, about 630,000 processed; execve's about 80,000), the later parts a small frame. */
#define PLAN_MAX_INSNS	 1000000
#define PLAN_INSNS_SCALE 6
/* The scale the plan uses (PLAN_INSNS_SCALE unless lanner-gen raised it): the static estimate
 * can fall short of what the verifier walks (loops over needles in inlined leaves), so when the
 * verifier refuses a program as too large, lanner-gen plans again with a larger scale, which
 * splits the program into more parts (gen/build.c). */
extern unsigned plan_insns_scale;
#define PLAN_SENSOR_INSNS 650000
#define PLAN_PART_INSNS	  50000
/* Stack: 512 bytes per call chain; the exit programs' own frame (measured up to 112 bytes). */
#define PLAN_MAX_STACK	  512
#define PLAN_SENSOR_STACK 192
/* Parts of one program: each costs a tail call per event; the kernel allows 33 in a chain and
 * the dispatchers use up to 2. */
#define PLAN_MAX_PARTS 16

/* close gate: names of PLAN_CLOSE_GATE_MAX bytes or more prevent it; up to
 * PLAN_CLOSE_GATE_INLINE are compared inline, more are looked up in the map lnr_close_names */
#define PLAN_CLOSE_GATE_MAX    64
#define PLAN_CLOSE_GATE_INLINE 16

/* A contains needle: the constant and its bpf_loop callback (lnr_nd<k>, lnr_cb<k>). */
struct plan_needle {
	char *member; /* the member scanned */
	int msize;    /* its buffer size */
	char *s;      /* the needle (n bytes) */
	size_t n;
	bool kernel; /* a kernel-used leaf needs it */
	bool fold;   /* icontains: s is ASCII lower case, the scan folds the value's bytes */
	bool env;    /* proc.env (NULs inside, scanned whole): rules/env_scan.h's word-skip scan */
};

struct plan_leaf {
	const struct kpred *p; /* the first instance met */
	int evt;	       /* its event type */
	char *key;	       /* structural identity */
	char *expr;	       /* the C expression (int8 Kleene value); NULL: UNKNOWN */
	unsigned lazy;	       /* LZ_* groups it reads */
	size_t *needles;       /* needle ids its expression uses */
	size_t nneedles;
	bool kernel;	    /* a kernel-called rule function calls it */
	bool global;	    /* printed as a global function (a non-compact caller, or host) */
	bool kernel_global; /* ... and such a caller is kernel-called */
	bool inlined;	    /* a compact rule function calls it (lnr_leaf<k>, always inline) */
};

struct plan_rule {
	const struct pd_entry *pe; /* the first instance met */
	int evt;
	char *key;
	size_t *leaves; /* leaf ids it calls (distinct, implementable ones) */
	size_t nleaves;
	bool kernel;  /* a kernel program calls it */
	bool compact; /* its leaves are inlined (a program that calls it is over budget) */
};

/* fd.name dispatch of one program: see emit_rules.c put_filter. */
struct plan_dispatch {
	bool *grp;  /* per entry: in the group */
	bool *pure; /* per entry: the kernel part is the key test alone (a hit is TRUE) */
	size_t n;   /* entries in the group; 0: no dispatch */
	uint32_t ks;
	char name[32];
};

/* proc.name mask of one filter part (plan_names.c): its rules that need proc.name to be one of
 * their names each have a bit in the table `name` (name -> bits), looked up once per event. */
#define PLAN_NMASK_MIN	  2  /* fewer such rules: no mask (the lookup would cost more) */
#define PLAN_NMASK_BITS	  32 /* the table's value: one bit per rule; later ones are called */
#define PLAN_NMASK_INLINE 2  /* a rule's own conjunct proc.name in (<= this many): a guard */
struct plan_nmask {
	char name[32]; /* lnr_n<k> */
	size_t tab;    /* k: its table is pl->ntabs[k] */
	size_t n;      /* rules with a bit; 0: no mask */
	int *bit;      /* per position of the part: its bit, -1 none */
	char ***names; /* per bit: its rule's names (NULL-terminated; tests/diff's host tables) */
};

/* A proc.name table (plan_names.c): open addressing, linear probing, in the program's .rodata
 * (rules/dispatch.h lnr_name_tab). A name's home slot is LNR_NAME_HASH
 * (shared_definitions/name_hash.h) of its two words; every name lies within `probes` slots of
 * its home (at most LNR_NAME_PROBES_MAX), so a lookup that finds neither it nor an empty
 * slot in that many has no entry. */
#define PLAN_NTAB_SEEDS 64	   /* seeds tried per table size before it doubles */
#define PLAN_NTAB_MAX	(1u << 20) /* slots: more is a bug (aborts) */
struct plan_nslot {
	uint64_t w[2]; /* the name's words (zero padded); both 0 and bits 0: empty */
	uint32_t bits; /* the rules whose sets hold it (never 0 in a used slot) */
	char name[16]; /* for the comment */
};
struct plan_ntab {
	struct plan_nslot *slot;
	size_t nslots;	 /* a power of two */
	size_t nnames;	 /* used slots */
	uint64_t seed;	 /* odd */
	unsigned shift;	 /* 64 - log2(nslots) */
	unsigned probes; /* the most any name needs (1: every name in its home slot) */
};

/* Builds t from n (name, bits) pairs (names of up to LANNER_MAX_COMM - 1 bytes; a name given
 * twice gets the OR of its bits): the smallest table of at least 2n slots, and the seed, with
 * which every name lies within LNR_NAME_PROBES_MAX probes (fewest probes first). */
void plan_ntab_build(struct plan_ntab *t, const char *const *names, const uint32_t *bits, size_t n);
/* The lookup the filter makes (its host mirror): the bits of name s (len bytes), 0 when absent;
 * *probes (optional) gets the slots it read. */
uint32_t plan_ntab_find(const struct plan_ntab *t, const char *s, size_t len, unsigned *probes);
void plan_ntab_free(struct plan_ntab *t);

/* One part of a program: the rule positions [first, end) of its event type. */
struct plan_part {
	size_t first, end;
	size_t nsub;  /* subprograms of this part's BPF program */
	size_t insns; /* estimate of the instructions the verifier processes, the sensor's included
		       */
	size_t stack; /* stack estimate of its deepest call chain */
};

struct plan_prog {
	const struct pd_event *ev;
	int *fn; /* per entry: rule function id; -1: constant UNKNOWN (no call) */
	struct plan_dispatch dp;
	size_t nsub;		 /* subprograms (generated ones; the sensor's not included) */
	size_t nsub_full;	 /* ... before compacting */
	size_t insns;		 /* rough instruction estimate of the generated code it runs */
	bool compact;		 /* its rule functions are compact */
	int fetch_group;	 /* programs with the same fetch share one function */
	int filter_group;	 /* ... and the same filter (same rules, functions and dispatch) */
	struct plan_part *parts; /* in position order; 1 when not split */
	size_t nparts;
	int slot;      /* parts after the first: slots slot .. slot+nparts-2 of lnr_parts */
	int exec_slot; /* execve/execveat split: slots of lnr_exec_parts likewise; else -1 */
	size_t stack;  /* stack estimate (the largest of its parts) */
	struct plan_nmask *nmask; /* per part */
	char **px;		  /* per entry: its path prefix test (plan_paths.c), NULL none */
};

struct plan {
	const struct pushdown *pd;
	bool kfuncs; /* contains uses the string kfunc: callbacks are no subprograms */
	struct plan_leaf *leaves;
	size_t nleaves;
	struct plan_rule *rules;
	size_t nrules;
	struct plan_needle *needles;
	size_t nneedles;
	struct plan_prog *progs; /* pd->events order */
	size_t nprogs;
	struct meta_map *maps; /* set maps (lnr_m<k>) */
	size_t nmaps;
	struct meta_map *dmaps; /* dispatch maps' entries (lnr_d<k>, one per rule) + close names */
	size_t ndmaps;
	char **dsigs; /* signature of dispatch map k, for reuse */
	size_t ndsig;
	char **nsigs;		 /* signature of name table k (lnr_n<k>), for reuse */
	struct plan_ntab *ntabs; /* name table k */
	size_t nnsig;
	size_t nslots, nexec_slots; /* entries of lnr_parts and lnr_exec_parts */
	struct evmembers *mems;	    /* per program: the members its rules read */
	struct evmembers all;	    /* every member */
	/* close gate: every rule on close needs fd.name to be a constant of its own */
	bool close_gate;
	const char **close_names; /* last components (borrowed from the checks) */
	size_t *close_lens;
	size_t nclose;
	size_t close_ks; /* more than PLAN_CLOSE_GATE_INLINE names: the map's key size */
	/* every constant is an absolute path: the close of an IPv4/IPv6 socket (its fd.name is
	 * addresses and ports) is ruled out too */
	bool close_inet;
	/* the leaf and rule id of every kpred instance (sorted by pointer) */
	struct plan_ref {
		const void *p;
		int evt;
		size_t id;
	} * lref, *rref;
	size_t nlref, nrref;
};

/* Builds the plan. kfuncs: contains compiles to the string kfunc (no callbacks). NULL never
 * (allocation failures abort). */
struct plan *plan_build(const struct pushdown *pd, bool kfuncs);
void plan_free(struct plan *pl);

/* The leaf id of a KP_LEAF instance on evt; -1 none. */
long plan_leaf_id(const struct plan *pl, const struct kpred *p, int evt);

/* Registers a set map with these items (taken) or reuses an identical one; its index. */
size_t plan_add_map(struct plan *pl, enum meta_map_kind kind, char **items, size_t n,
		    uint32_t key_size);
/* Adds an entry of an exact-string map of the generation's own (pl->dmaps: dispatch, close
 * names): nitems items (NULL, for the caller to fill), each stored with value. */
struct meta_map *plan_add_dmap(struct plan *pl, const char *name, uint32_t key_size, uint32_t value,
			       size_t nitems);
/* Registers a contains needle (member m, n bytes of c) or reuses it; its id. */
size_t plan_add_needle(struct plan *pl, const struct member *m, const char *c, size_t n, bool fold);

/* 0 when every program fits its budget; else prints, for each one that does not, an error
 * naming the program, its rules and what to do, and returns -1. */
int plan_check(const struct plan *pl, const char *who);

/* Largest program: its event type, subprograms and instruction estimate (for -v / reports);
 * of a split program, its largest part counts. */
const struct plan_prog *plan_largest(const struct plan *pl);
/* The part of pp that evaluates rule position pos. */
size_t plan_part_of(const struct plan_prog *pp, size_t pos);
/* The largest part of pp (most subprograms, then instructions). */
const struct plan_part *plan_part_largest(const struct plan_prog *pp);

/* plan_split.c: the cost of positions [first, end) of pp as one BPF program, and the split of
 * every program over a budget into parts (after the leaves were inlined). seen_* are scratch
 * arrays of nrules+1, nleaves+1, nneedles+1 bytes. */
struct plan_cost {
	size_t nsub, insns, stack;
};
void plan_range_cost(const struct plan *pl, const struct plan_prog *pp, size_t first, size_t end,
		     struct plan_cost *c);
void plan_split(struct plan *pl, bool enabled);
/* Stack estimate of rule function f (its frame and its deepest leaf's). */
size_t plan_rule_stack(const struct plan *pl, size_t f);

/* plan_names.c: the proc.name mask of every part (after the split) and its table (ntabs). */
void plan_names(struct plan *pl);
/* The mask bit of rule position pos in part `part` of pp; -1: the rule is called as usual. */
int plan_name_bit(const struct plan_prog *pp, size_t part, size_t pos);

/* plan_paths.c: the path prefix test of every rule position that has one. */
void plan_paths(struct plan *pl);
/* The C condition (over fv) under which the rule at pos can match; NULL: always called. */
const char *plan_path_test(const struct plan_prog *pp, size_t pos);

#endif
