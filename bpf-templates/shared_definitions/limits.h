/* limits.h — the numeric limits of what the kernel side can decide about a rule condition.
 *
 * Included by the generator (gen/kernel_caps.c decides from these whether a leaf of a condition
 * can be evaluated in the kernel) and by the generated/kernel programs (which size their buffers
 * and loops with them), so both sides agree on every bound. Plain preprocessor constants only: no
 * types, no includes, valid for clang -target bpf and the host compiler.
 *
 * Sizes of string buffers include the terminating NUL. A kernel string value that filled its
 * buffer is TRUNCATED: the kernel then knows only a prefix, and every test on it that the prefix
 * cannot decide is UNKNOWN (shipped to userspace), never FALSE.
 *
 * Where bpf-templates/shared_definitions/records.h (the sensor's record layout) has the same
 * quantity, gen/kernel_caps.c checks at compile time that the two agree.
 */
#ifndef LANNER_LIMITS_H
#define LANNER_LIMITS_H

/* proc.name, proc.pname, proc.aname[N]: task->comm, TASK_COMM_LEN. Falco's value is the same
 * 15-byte comm, so comparisons on it are exact. */
#define LANNER_MAX_COMM 16
/* fd.name, fd.nameraw, fd.directory, evt.arg.<path>: PATH_MAX, Falco's MAX_PATH. */
#define LANNER_MAX_PATH 4096
/* proc.exepath / proc.exe kept per process in the kernel process map. */
#define LANNER_MAX_PROC_EXE 256
/* argv bytes kept per process in the kernel process map (proc.args, proc.cmdline). */
#define LANNER_MAX_PROC_ARGS 256
/* container.id: 12 hex digits or "host", plus NUL (room to 16). */
#define LANNER_MAX_CONTAINER_ID 16
/* Ancestors the kernel walks level by level for proc.aname (any): levels 1..N, each a member
 * the rules' leaves compare like proc.aname[N]. */
#define LANNER_ANCESTOR_DEPTH 4
/* proc.aname (any) with `=`, `!=` or `in` over names goes on past LANNER_ANCESTOR_DEPTH, only
 * when the levels before decided nothing: up to this many levels in all (deeper trees than that
 * are UNKNOWN in the kernel), comparing each level with at most LANNER_ANCESTOR_ANY_NAMES
 * names (a longer list: UNKNOWN past LANNER_ANCESTOR_DEPTH). */
#define LANNER_ANCESTOR_ANY_DEPTH 64
#define LANNER_ANCESTOR_ANY_NAMES 32
/* proc.aname[N], proc.aexe[N]... with an index: the walk goes only as far as the loaded rules'
 * largest N, up to this. */
#define LANNER_MAX_ANCESTOR_INDEX 8
/* `contains`: longest needle the kernel searches for, and longest value it scans (a bounded
 * quadratic loop). A value longer than the scan window can only make `contains` TRUE, never
 * FALSE. */
#define LANNER_MAX_CONTAINS_NEEDLE 128
#define LANNER_MAX_CONTAINS_SCAN   256
/* `startswith` / `pmatch`: LPM-trie key data limit (kernel maximum 256 bytes). */
#define LANNER_MAX_PREFIX 256
/* `endswith`: reversed-suffix LPM trie key data limit (the tail of the value that is kept). */
#define LANNER_MAX_SUFFIX 128
/* `in` over strings: hash-map key size class ceiling (longer constants cannot be in the map;
 * a value that long is UNKNOWN). Paths use LANNER_MAX_PATH-sized keys only when they fit this. */
#define LANNER_MAX_SET_KEY 256
/* proc.env: environment bytes the kernel reads at an exec and scans for an (i)contains needle
 * (NULs as spaces): the prefix userspace's proc.env keeps too (records.h LNR_STR_MAX, the exec
 * record's copy), so a longer environment is decided on these bytes as Falco decides it. */
#define LANNER_MAX_ENV 4096
/* Constant lists up to this many items are compared inline; longer ones become maps. */
#define LANNER_MAX_INLINE_LIST 8

#endif
