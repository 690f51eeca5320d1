/* maps.h — every map of the sensor. Sizes marked "loader" are set before load.
 * A map whose entries outlive one event (state, tables the loader fills, the ring) must be named
 * in loader/events/sensor_gen.c shared_names: a rules reload then hands it to the new programs
 * instead of starting them with an empty one. */
#ifndef LANNER_MAPS_H
#define LANNER_MAPS_H

#include "helpers/compat.h"
#include "shared_definitions/records.h"
#include "shared_definitions/container_id.h"

/* Syscall number → LNR_SC_* bits (exit program wanted; entry stash kind). All zero after load;
 * the loader marks only the syscalls someone asked for. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, LNR_SYSCALL_MAX);
	__type(key, __u32);
	__type(value, __u32);
} lnr_interesting SEC(".maps");

/* Syscall number → exit program (one per syscall, bpf-templates/syscalls/). Filled by the loader.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, LNR_SYSCALL_MAX);
	__type(key, __u32);
	__type(value, __u32);
} lnr_exit_progs SEC(".maps");

/* The exec program's rule part (lnr_exec_rules, helpers/process.h) in slot 0: the one place where
 * generated filters judge an exec, reached by a tail call so that a reload can replace it
 * atomically (one map update) while lnr_sched_exec stays attached. Filled by the loader. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} lnr_exec_progs SEC(".maps");

/* The one output ring; max_entries (bytes) set by the loader. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8 << 20);
} lnr_ring SEC(".maps");

LNR_PERCPU_ONE(lnr_counters_map, struct lnr_counters);

/* capture -p PID: the processes followed (tgid → 1): PID's descendants found at start (the
 * loader), and every process forked by a followed one since (lnr_sched_fork), until it exits.
 * Only looked at when lnr_cfg_tgid is set. A full map stops the following of new children. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, __u32);
	__type(value, __u8);
} lnr_follow SEC(".maps");

/* Process map: tgid → description. LRU so a missed exit cannot fill it. Size: loader. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 32768);
	__type(key, __u32);
	__type(value, struct lnr_proc_value);
} lnr_procs SEC(".maps");

/* Container classification per cgroup (kernfs id → struct lanner_ct_class, host included), so
 * the string work of container_id.h runs once per cgroup, not once per exec. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct lanner_ct_class);
} lnr_cgcache SEC(".maps");

/* Container classification per css_set (helpers/ct_cache.h): css_set address → the serials of
 * the css_set's cgroups (it is valid only while they are the set's at that address), the
 * confirmations' generation it was made in, and the class. */
#define LNR_CSS_SERIALS (CGROUP_SUBSYS_COUNT + 1)
struct lnr_css_class {
	__u64 serial[LNR_CSS_SERIALS]; /* [0] default-hierarchy cgroup, [1 + i] subsystem i's css */
	__u32 gen;		       /* lnr_ct_confirmed's generation (LANNER_CT_GEN_KEY) */
	__u32 pad;
	struct lanner_ct_class c;
};
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, __u64);
	__type(value, struct lnr_css_class);
} lnr_csscache SEC(".maps");

/* Loose cgroups (ctr's /<namespace>/<name>) that the loader confirmed against the runtime's own
 * state (loader/ct_confirm.h): kernfs id → id. Looked at BEFORE the cache and the strict
 * classifier, so a confirmation published after a cgroup was cached as host still wins. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u64);
	__type(value, struct lanner_ct_class);
} lnr_ct_confirmed SEC(".maps");

/* The count of confirmations (lnr_ct_confirmed): the loader bumps it after each, so
 * lnr_csscache's older entries are classified again (helpers/ct_cache.h). An array of one: read
 * at every exec, where a hash lookup cost about 7 % of the exec capture. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} lnr_ct_gen SEC(".maps");

/* Entry-time copies (TOCTOU): per CPU, what the user memory of the syscall a thread is in said
 * at its entry, tagged with that thread; moved into the thread's own storage (lnr_stash_spill)
 * when the thread is switched out inside the syscall (helpers/stash.h). Per CPU first: a thread
 * that never sleeps inside a copied syscall allocates nothing, and the lookup is an array access.
 */
#define LNR_STASH_DATA 4096
/* The path walk (helpers/extract.h) fills a buffer backwards below LNR_PATH_MASK + 1; the
 * verifier, not knowing a name fits before its start, wants room for one more name (255 bytes)
 * past it. The scratch's path buffer and a stash's data are both that big, so close's entry walk
 * fills its stash directly. */
#define LNR_PATH_MASK 4095
#define LNR_WALK_BUF  (LNR_PATH_MASK + 1 + 256)
struct lnr_walkbuf {
	char b[LNR_WALK_BUF];
};
struct lnr_stash {
	/* the tag: whose copy this is (helpers/stash.h) */
	__u32 evt_nr; /* syscall number the copy belongs to; LNR_STASH_NONE: none published */
	__u32 tid;    /* the thread that made it */
	__u64 csw;    /* its context switches at entry (nvcsw + nivcsw) */
	__u64 start;  /* its start_time: a reused tid is another thread */
	__u32 len;    /* bytes in data (string: incl. NUL) */
	__u32 fd_kind, fd_mode, fd_dev;
	__s64 fd_num;
	__u64 fd_ino, fd_flags;
	__u32 data_off; /* the copy is data[data_off..data_off+len) (a path walk fills backwards) */
	__u32 rflags;	/* LNR_RF_* the entry copy raised (a truncated or too deep walk) */
	__u32 gated;	/* close: LNR_CLOSE_GATE found no rule can match this file */
	__u32 base_len; /* close: data[data_off+len..+base_len) is the opened name's A_BASE */
	struct lnr_sock sock;
	char data[LNR_WALK_BUF]; /* copies use the first LNR_STASH_DATA bytes; walks: see above */
};
LNR_PERCPU_ONE(lnr_stash_map, struct lnr_stash);
/* A thread's entry copy that outlives a context switch inside its syscall (sched_switch moves it
 * here); task storage, kept until the thread exits (5.10: a tid-keyed hash, deleted then). */
LNR_TASK_STORAGE_MAP(lnr_stash_spill, struct lnr_stash);

/* Opened names (Falco's fd table keeps the name an fd was opened by; close, dup* and the other
 * fd-based events report it): struct file address → the open's path argument as given and the
 * directory it was relative to (slots A and A_BASE of the open's record), written at every
 * successful open of a file or directory (helpers/fdnames.h). Keyed by the struct file, not by
 * (process, fd): dup'ed and inherited fds share their open file, and so their name, as Falco's
 * fd table copies it on dup and fork. An entry is used only while the file still points at the
 * dentry it was opened on; a freed struct file whose address is reused by an open the sensor
 * follows gets a new entry (or loses its old one). LRU: files closed by exit or exec are never
 * deleted one by one. A miss is counted (fdname_miss) and the event says LNR_RF_FDNAME_WALK. */
#define LNR_FDNAME_MAX 512 /* path + NUL + base + NUL; a longer opened name is not kept */
struct lnr_fdname {
	__u64 dentry;	 /* f_path.dentry at open */
	__u16 rel_len;	 /* bytes of the path as given, NUL included */
	__u16 base_len;	 /* bytes of the base directory that follows it, NUL included; 0: none */
	__u32 gate_pass; /* LNR_CLOSE_GATE: bit 0: the name may match a rule; above: lnr_cfg_gen */
	char b[LNR_FDNAME_MAX];
};
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64);
	__type(value, struct lnr_fdname);
} lnr_fdnames SEC(".maps");

/* Per-CPU scratch: the record under construction and the path-walk buffer (stack is 512 bytes). */
#define LNR_EV_BUF	  (3 * 4096) /* slot writes start below LNR_SLOT_OFF_MAX, <= 4096 long */
#define LNR_SLOT_OFF_MASK 0x1fff     /* slot offsets are masked with this: start < 8192 */
#define LNR_PATH_BUF	  8192 /* walk writes below 4096+256; slot copies read start+len < 8192 */
_Static_assert(LNR_PATH_BUF >= LNR_WALK_BUF, "the scratch's path buffer holds a walk");
#define LNR_CG_BUFS 2
struct lnr_scratch {
	__u8 ev[LNR_EV_BUF];
	char path[LNR_PATH_BUF];
	char cg[LNR_CG_BUFS][256];
	struct lanner_ct_class ct; /* lnr_ct_classify_g's result */
	struct lnr_css_class css;  /* lnr_ct_cached_g's entry under construction */
	struct lnr_proc_value pv;
	/* the syscall record's fd (helpers/store.h lnr_fd_info), whose description is read when
	 * the record is sent; 0: none. In map memory, not on the stack: the verifier then does
	 * not tell the events with a file from those without all the way through the rules. */
	__u64 fd_file;
	/* the tgid whose exec left its process-map entry's head (p, exe, args) in pv for the rules'
	 * part (helpers/process.h lnr_exec_store, rules/kernel.h lnr_pv_handed); 0: none */
	__u32 pv_tgid;
};
LNR_PERCPU_ONE(lnr_scratch_map, struct lnr_scratch);

#endif
