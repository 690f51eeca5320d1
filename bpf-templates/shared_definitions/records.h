/* records.h — THE contract between the kernel sensor (bpf-templates/) and userspace (loader/).
 *
 * Included by clang -target bpf (after vmlinux.h) and by the host compiler (loader, unit tests),
 * so it uses only fixed-width kernel types and no pointers. Every record sent through the ring
 * buffer starts with struct lnr_hdr; hdr.kind says which struct follows. Sizes are in bytes and
 * hdr.size covers the whole record (header, fixed part and the variable "slots").
 *
 * Variable data (paths, argv, sockaddr) travels in up to LNR_NSLOTS slots appended after the
 * fixed part, in slot order, each slot_len[i] bytes long (0 = absent). String slots include their
 * terminating NUL, so a present empty string has length 1. What each slot holds depends on the
 * record (see LNR_SLOT_* and the per-syscall files in bpf-templates/syscalls/).
 *
 * Event ids (hdr.evt) are rulelang/events.h's enum evt_id (EVT_openat...): the BPF side derives
 * the same numbers from rulelang/syscalls_list.h (LNR_EVT_* below), so no second table exists.
 * Per-event facts both sides need (loss category, entry-time copy...) are the rows of
 * event_table.h.
 */
#ifndef LANNER_RECORDS_H
#define LANNER_RECORDS_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* Event ids, equal to events.h's EVT_<name> (same X-list, same order). */
enum lnr_evt_id {
#define SYSCALL(name, nr) LNR_EVT_##name,
#include "syscalls_list.h"
#undef SYSCALL
	LNR_EVT_SYSCALL_END
};
/* x86_64 syscall numbers, from the same list. */
enum lnr_nr {
#define SYSCALL(name, nr) LNR_NR_##name = nr,
#include "syscalls_list.h"
#undef SYSCALL
};

#define LNR_NSLOTS	  4
#define LNR_SYSCALL_MAX	  512  /* size of the interesting-syscall table and prog array */
#define LNR_STR_MAX	  4096 /* longest string slot (PATH_MAX, Falco's MAX_PATH) */
#define LNR_COMM_LEN	  16
#define LNR_CTID_LEN	  16  /* 12 hex + NUL, or "host" */
#define LNR_PROC_EXE_MAX  256 /* exe path prefix kept in the kernel process map */
#define LNR_PROC_ARGS_MAX 256 /* argv bytes (NUL-separated) kept in the kernel process map */
#define LNR_PROC_CWD_MAX  256 /* cwd bytes (Falco's, lexical, not normalised) in the process map */
#define LNR_SOCKADDR_MAX  128

/* hdr.kind */
enum lnr_kind {
	LNR_K_SYSCALL = 1, /* struct lnr_sys: exit of a syscall (and failed execve/execveat) */
	LNR_K_EXEC = 2, /* struct lnr_proc_rec: successful execve/execveat (sched_process_exec) */
	LNR_K_FORK = 3, /* struct lnr_proc_rec: new task (sched_process_fork), child's view */
	LNR_K_EXIT = 4, /* struct lnr_proc_rec: task exit (sched_process_exit) */
	LNR_K_CWD = 5,	/* struct lnr_proc_rec: successful chdir/fchdir; LNR_CSLOT_* */
};
/* Which lifecycle records are sent. The kernel process map (lnr_procs) is kept whatever they
 * say; userspace reads it when an event ships. With lnr_cfg_proc_records set (capture mode, and
 * --ship-all, which has no kernel filters) every exec, new process, exit and cwd change is sent.
 * Otherwise an exec is sent only when a generated filter says an execve/execveat rule may match,
 * an exit only while lnr_interesting[LNR_SC_PROCEXIT_KEY] has LNR_SC_PROCEXIT (a rule on
 * procexit), new processes and cwd changes never. */

/* hdr.flags: what the kernel could not deliver whole. */
enum {
	LNR_RF_TRUNC = 1 << 0,	     /* a string slot was truncated */
	LNR_RF_PATH_DEEP = 1 << 1,   /* a path walk hit the component bound */
	LNR_RF_NO_STASH = 1 << 2,    /* entry-time copy missing: arguments read at exit */
	LNR_RF_OVERFLOW = 1 << 3,    /* record full: later slots dropped */
	LNR_RF_PROC_MISS = 1 << 4,   /* process not in the kernel process map */
	LNR_RF_GROUP_DEAD = 1 << 5,  /* LNR_K_EXIT: last thread of the process */
	LNR_RF_IS_THREAD = 1 << 6,   /* LNR_K_FORK: new thread in an existing process */
	LNR_RF_NO_EXIT_EVT = 1 << 7, /* internal: not used on the wire */
	/* fd-based event (close, dup*, newfstatat...): the kernel did not see the fd opened (opened
	 * before Lanner started, by a syscall it does not follow, or its name was evicted or longer
	 * than LNR_FDNAME_MAX), so slot A is the file's path now (a walk), not the name it was
	 * opened by (Falco's fd table): kernel filters take fd.name as UNKNOWN */
	LNR_RF_FDNAME_WALK = 1 << 8,
	/* slot A / B is relative to the cwd (AT_FDCWD or a non-*at syscall): userspace joins it to
	 * the cwd it tracks (Falco's, lexical, from LNR_K_CWD), not to the *_BASE slot (the real
	 * cwd), and kernel filters take it as UNKNOWN */
	LNR_RF_CWD_A = 1 << 9,
	LNR_RF_CWD_B = 1 << 10,
};

struct lnr_hdr {
	__u64 ts;   /* CLOCK_BOOTTIME ns (bpf_ktime_get_boot_ns) */
	__u32 size; /* whole record */
	__u16 kind; /* enum lnr_kind */
	__u16 evt;  /* enum evt_id of the event (LNR_EVT_*) */
	__u32 tid;
	__u32 pid; /* tgid */
	__u32 cpu;
	__u32 flags; /* LNR_RF_* */
	/* Rule verdict written by generated filters (rulelang/bundle_meta.h, events[evt].rules):
	 * v_first is the position of the first rule whose kernel predicate was not FALSE, v_state
	 * says whether that one was TRUE or UNKNOWN, bit i of v_maybe is set when the rule at
	 * position v_first + i was not FALSE (positions past 63 count as maybe), and bit i of
	 * v_true when that rule's kernel predicate was TRUE (userspace then evaluates only the
	 * maybe rules whose v_true bit is clear). Capture mode leaves v_state LNR_V_NONE. */
	__u16 v_first;
	__u8 v_state;
	/* Generation of the rules that judged the record (the loader's lnr_cfg_gen, mod 256):
	 * after a reload, records of the old and the new rules can interleave in the ring for a
	 * moment; userspace reads each verdict with the metadata of its own generation. */
	__u8 v_gen;
	__u8 v_pad[4];
	__u64 v_maybe;
	__u64 v_true;
};

enum lnr_verdict_state { LNR_V_NONE = 0, LNR_V_TRUE = 1, LNR_V_UNKNOWN = 2 };

/* What the kernel knows of an fd the event uses or creates (fd_* fields of lnr_sys). */
enum lnr_fdkind {
	LNR_FD_NONE = 0,
	LNR_FD_FILE,
	LNR_FD_DIR,
	LNR_FD_IPV4,
	LNR_FD_IPV6,
	LNR_FD_UNIX,
	LNR_FD_PIPE,
	LNR_FD_EVENT,
	LNR_FD_SIGNALFD,
	LNR_FD_EVENTPOLL,
	LNR_FD_INOTIFY,
	LNR_FD_TIMERFD,
	LNR_FD_NETLINK,
	LNR_FD_BPF,
	LNR_FD_USERFAULTFD,
	LNR_FD_IO_URING,
	LNR_FD_MEMFD,
	LNR_FD_PIDFD,
	LNR_FD_OTHER_SOCK,
	LNR_FD_UNKNOWN,
};

/* Socket endpoints: local = this side, remote = the peer; ports in host order. For AF_INET the
 * address is in the first 4 bytes (network order). For AF_UNIX, l_ptr/r_ptr are the kernel's
 * socket identities (Falco prints them in hex) and the path is in a slot. */
struct lnr_sock {
	__u16 family; /* AF_* */
	__u16 type;   /* SOCK_STREAM... */
	__u8 l4proto; /* IPPROTO_* */
	__u8 pad[3];
	__u16 lport, rport;
	__u8 laddr[16], raddr[16];
	__u64 l_ptr, r_ptr;
};

/* Slots of lnr_sys. "A" is the event's first path (or string) argument, "B" its second one.
 * *_BASE is the absolute directory a relative A/B is resolved against (the dirfd's path or the
 * cwd), present only when A/B is relative: userspace joins and normalises (spec: fd.name). For
 * fd-based events the fd's own absolute path is put in A with base absent. */
enum { LNR_SLOT_A = 0, LNR_SLOT_A_BASE = 1, LNR_SLOT_B = 2, LNR_SLOT_B_BASE = 3 };
/* fd-based events (close, dup*, fchmod, newfstatat on an fd...) carry the name the fd was opened
 * by, as the open's A/A_BASE were (Falco's fd table keeps the opened name: a file renamed or
 * opened through a symlink keeps that name), or the fd's path now with LNR_RF_FDNAME_WALK. */

struct lnr_sys {
	struct lnr_hdr h;
	__s64 res;     /* syscall return value */
	__u64 args[6]; /* raw syscall arguments as at exit */
	__u64 aux[4];  /* per-event extra values (openat2: how.flags/mode/resolve; see syscalls/) */
	__u32 uid, gid, loginuid; /* euid, egid, audit loginuid of the thread at exit */
	__u32 fd_kind;		  /* enum lnr_fdkind of fd_num */
	__s64 fd_num;		  /* the fd the event uses/creates; -1 if none / failed */
	__u32 fd_mode;		  /* inode i_mode (0 if unknown) */
	__u32 fd_dev;		  /* st_dev (new_encode_dev) */
	__u64 fd_ino;
	__u64 fd_flags; /* file f_flags of the fd (| FLAG_SYN_* for opens) */
	struct lnr_sock sock;
	__u16 slot_len[LNR_NSLOTS];
	/* slot data follows */
};

/* Slots of lnr_proc_rec (LNR_K_EXEC; FORK/EXIT carry none). */
enum {
	LNR_PSLOT_ARGS = 0,    /* argv, NUL-separated, as in /proc/PID/cmdline (argv[0] first) */
	LNR_PSLOT_EXEPATH = 1, /* absolute path of the executable (symlinks resolved) */
	LNR_PSLOT_CWD = 2,     /* cwd */
	LNR_PSLOT_FILENAME = 3 /* the path given to execve (bprm->filename) */
};

/* Slots of LNR_K_CWD records (hdr.evt says chdir or fchdir). */
enum {
	LNR_CSLOT_ARG = 0,  /* chdir: the path as given; fchdir: the name the fd was opened by */
	LNR_CSLOT_REAL = 1, /* the new cwd, walked from the kernel's fs->pwd */
	LNR_CSLOT_BASE = 2  /* fchdir: the base of a relative opened name (its open's cwd) */
};

/* Process description: the value of the kernel process map (fixed fields) and the body of
 * exec/fork/exit records. */
struct lnr_proc {
	__u32 pid, ppid; /* tgid, parent's tgid (real_parent) */
	__u32 tid;
	__u32 uid, gid, loginuid; /* euid, egid, audit loginuid (4294967295 = unset) */
	__u32 tty;		  /* tty_nr as in /proc/PID/stat (0 = none) */
	__u32 pidns, mntns;	  /* namespace inode numbers */
	__u32 vpid;		  /* pid in its own pid namespace */
	__u32 sid, pgid;
	__u32 ct_layout; /* container_id.h layout; 0 = host */
	__u32 pflags;	 /* LNR_PF_* */
	__u64 start_ts;	 /* task start_boottime */
	__u64 cap_permitted, cap_effective, cap_inheritable;
	__u64 exe_ino;
	char comm[LNR_COMM_LEN];
	char container_id[LNR_CTID_LEN];
};

enum {
	/* exe path / args longer than the map keeps (LNR_PROC_EXE_MAX, LNR_PROC_ARGS_MAX); in an
	 * exec record: why it was sent with no rule wanting it (the table needs the whole value) */
	LNR_PF_EXE_TRUNC = 1 << 0,
	LNR_PF_ARGS_TRUNC = 1 << 1,
	LNR_PF_SEEDED = 1 << 2, /* written by the loader from /proc, not by an exec/fork */
	LNR_PF_EXECED = 1 << 3, /* has exec'd since Lanner started */
	/* The executable as the sensor judged it at exec (Falco's execve `flags`); kept across
	 * forks. Bits 4..7 are rulelang/flags.h's FLAG_SYN_EXE_* shifted by LNR_PF_EXE_SHIFT. */
	LNR_PF_EXE_WRITABLE = 1 << 4,	 /* writable by the task's fsuid (Falco's rule) */
	LNR_PF_EXE_UPPER_LAYER = 1 << 5, /* on an overlayfs upper layer */
	LNR_PF_EXE_FROM_MEMFD = 1 << 6,	 /* a memfd (memfd_create) */
	LNR_PF_EXE_LOWER_LAYER = 1 << 7, /* on an overlayfs lower layer */
	LNR_PF_EXE_KNOWN = 1 << 8, /* bits 4..7 were computed (not a process seeded from /proc) */
	LNR_PF_EXITED = 1 << 9, /* map value: the process exited at exit_ts (kept until evicted) */
	LNR_PF_CWD_UNKNOWN = 1 << 10, /* map value: cwd[] is not Falco's cwd (userspace: /proc) */
	LNR_PF_CWD_REAL = 1 << 11,    /* map value: cwd[] is the real path walked, not the lexical
				       * one (a lexical cwd longer than LNR_PROC_CWD_MAX) */
	/* exec record (never the map value): the new image's environment follows the slots, up to
	 * the record's end (helpers/exec_env.h); ENV_TRUNC: only its first LNR_STR_MAX bytes */
	LNR_PF_ENV = 1 << 12,
	LNR_PF_ENV_TRUNC = 1 << 13,
};
#define LNR_PF_EXE_SHIFT 4
#define LNR_PF_EXE_MASK	 (0xfu << LNR_PF_EXE_SHIFT)

/* Kernel process map value: the fixed part plus bounded exe path and argv. */
struct lnr_proc_value {
	struct lnr_proc p;
	__u16 exe_len, args_len; /* bytes used in exe/args (exe incl. NUL) */
	__u32 pad;
	char exe[LNR_PROC_EXE_MAX];
	char args[LNR_PROC_ARGS_MAX];
	/* appended (readers of the fields above are unaffected) */
	__u64 since_ts; /* CLOCK_BOOTTIME when this description became true: the exec (its record's
			 * hdr.ts), the fork, or the seed; an event older than it saw an older one
			 */
	__u64 exit_ts;	/* LNR_PF_EXITED: when the last thread exited */
	__u32 reaper;	/* LNR_PF_EXITED: the tgid that adopted its children (0: it had none) */
	__u16 cwd_len;	/* bytes used in cwd, NUL included; 0 = unknown */
	__u16 pad2;
	/* the cwd as Falco tracks it: the last absolute chdir argument (or fchdir'd name) with the
	 * relative ones after it, joined by '/' but not normalised (readers resolve '.', '..' and
	 * '//' lexically, which gives the same result in one go); see LNR_PF_CWD_* */
	char cwd[LNR_PROC_CWD_MAX];
};

struct lnr_proc_rec {
	struct lnr_hdr h;
	__s64 res;
	struct lnr_proc p;
	__u32 parent_tid; /* FORK: the tid that created it; EXIT: the tgid that adopts its
			   * children (0: it has none) */
	__u32 clone_flags_lo;
	__u16 slot_len[LNR_NSLOTS];
	/* slot data follows */
};

/* Per-CPU loss/traffic counters (PERCPU_ARRAY with one element); userspace sums the CPUs. */
struct lnr_counters {
	__u64 seen;	   /* records built (passed the interesting check and any filter) */
	__u64 sent;	   /* records written to the ring */
	__u64 drop_ring;   /* ring full: record lost */
	__u64 trunc_str;   /* string slots truncated (record still sent) */
	__u64 path_deep;   /* path walks that hit the component bound */
	__u64 map_full;	   /* process/stash map updates that failed */
	__u64 overflow;	   /* records whose later slots did not fit */
	__u64 stash_miss;  /* exit without its entry-time copy */
	__u64 proc_miss;   /* process map misses */
	__u64 fdname_miss; /* fd-based events whose fd's opened name was unknown
			      (LNR_RF_FDNAME_WALK) */
	/* events of enabled types the generated rule filters removed in the kernel (no rule can
	 * match them): seen + filtered = what reached the exit programs */
	__u64 filtered;
	/* drop_ring by Falco's syscall categories (LNR_DCAT_*: its drop alert's
	 * n_drops_buffer_<category>_exit); events of no category are in drop_ring only */
	__u64 drop_cat[8];
	/* processes added to lnr_procs by the kernel (forks, execs of unknown ones): with the
	 * seeded ones and the map's size now, userspace derives the LRU evictions */
	__u64 proc_new;
	/* exited processes deleted from lnr_procs at their exit, nothing being able to read them
	 * any more (helpers/process.h lnr_proc_forgettable): not evictions */
	__u64 proc_gone;
};

/* Falco's categories of ring-full losses (libs' kernel drop counters, by event). */
enum lnr_drop_cat {
	LNR_DCAT_NONE = 0, /* counted in drop_ring only (not an index of drop_cat) */
	LNR_DCAT_CLONE_FORK = 1,
	LNR_DCAT_EXECVE,
	LNR_DCAT_CONNECT,
	LNR_DCAT_OPEN,
	LNR_DCAT_DIR_FILE,
	LNR_DCAT_OTHER_INTEREST,
	LNR_DCAT_CLOSE,
	LNR_DCAT_PROC_EXIT, /* = 8: drop_cat[cat - 1] */
};

/* Interesting-syscall table value (array indexed by syscall number, filled by the loader). */
enum {
	LNR_SC_EXIT = 1 << 0, /* tail-call the exit program */
	/* only at LNR_SC_PROCEXIT_KEY (no syscall has that number): exit records wanted (a rule
	 * on procexit); a map entry, not a constant, so that a reload can switch it */
	LNR_SC_PROCEXIT = 1 << 1,
	/* entry-time stash kinds (bits 8..15) */
	LNR_SC_ENTER_SHIFT = 8,
	LNR_SC_ENTER_MASK = 0xff << 8,
};
#define LNR_SC_PROCEXIT_KEY (LNR_SYSCALL_MAX - 1)
enum lnr_enter_kind {
	LNR_ENTER_NONE = 0,
	LNR_ENTER_PATH_ARG0 = 1, /* open, creat */
	LNR_ENTER_PATH_ARG1 = 2, /* openat, openat2 */
	LNR_ENTER_SOCKADDR = 3,	 /* connect: sockaddr arg1, length arg2 */
	LNR_ENTER_FD_ARG0 = 4,	 /* close: the fd's description before it goes away */
};

#endif
