// SPDX-License-Identifier: GPL-2.0
/* sensor.bpf.c — the kernel sensor: one object holding every program.
 *
 *   tp_btf/sys_enter        lnr_sys_enter: entry-time copies (TOCTOU) for open family, creat,
 *                           connect, and close's fd description; one load of a .rodata table
 *                           for any other syscall (helpers/sc_raw.h), an array lookup when
 *                           unwanted
 *   tp_btf/sched_switch     lnr_sched_switch: moves the entry copy of a thread switched out inside
 *                           its syscall into the thread's own storage (helpers/stash.h)
 *   tp_btf/sys_exit         lnr_sys_exit: dispatcher; one load of a .rodata table for a syscall
 *                           without an exit program (helpers/sc_raw.h), else an array lookup,
 *                           then a direct tail call into lnr_exit_progs[nr] = lnr_x_<syscall>
 *                           (syscalls/<syscall>.h)
 *   tp_btf/sched_process_exec / _fork / _exit: the kernel process map; exec/fork/exit records
 *                           only when wanted (helpers/process.h)
 *
 * The loader fills lnr_interesting and lnr_exit_progs for the event types wanted, so syscalls no
 * one asked for cost the tracepoint plus one lookup. Records: shared_definitions/records.h.
 *
 * Switches a generated rules file may define before including this file (gen/emit_c.c):
 *   LNR_SELECT, LNR_WANT_<syscall>  only those exit programs (syscalls/all.h)
 *   LNR_CLOSE_NO_FDNAME             no rule reads close's fd.name/directory/filename/nameraw,
 *                                   in its condition or its output: close's entry skips the
 *                                   fd's name (the record's slot A stays empty)
 *   LNR_CLOSE_GATE                  close's entry drops the close of a file whose fd.name's
 *                                   last component no rule names (lnr_close_gate_name)
 */
/* BPF_PROG declares ctx and every tracepoint argument; not all programs use them all. */
#pragma clang diagnostic ignored "-Wunused-parameter"

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>

#include "helpers/store.h"
#include "helpers/fdnames.h"
#include "helpers/cwd.h"
#include "helpers/sc_raw.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- dispatchers ------------------------------------------------------------------------- */

/* Tail call into syscall nr's exit program when a rule wants it: one call site per syscall of
 * the event table, each with its number as a constant, so the verifier makes each a direct jump
 * that the kernel patches when the loader fills or empties the slot (no load of the program
 * array's entry, no indirect branch). */
/* bpf_tail_call(ctx, &map, key) with key a constant in the instruction stream: written in C,
 * clang merges the calls of a switch's cases into one with the key in a register, which the
 * verifier cannot turn into a direct jump. BPF_FUNC_tail_call is helper 12. */
#define LNR_TAIL_CALL_CONST(ctx, map, key)                                                         \
	asm volatile("r1 = %[c]\n\tr2 = %[m] ll\n\tr3 = %[k]\n\tcall 12"                           \
		     :                                                                             \
		     : [c] "r"(ctx), [m] "i"(&(map)), [k] "i"(key)                                 \
		     : "r0", "r1", "r2", "r3", "r4", "r5", "memory")

static __always_inline void lnr_exit_tail(void *ctx, __u32 nr)
{
	__u32 *want = bpf_map_lookup_elem(&lnr_interesting, &nr);
	if (!want || !(*want & LNR_SC_EXIT))
		return;
	switch (nr) {
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params)                                      \
	case LNR_NR_##name:                                                                        \
		LNR_TAIL_CALL_CONST(ctx, lnr_exit_progs, LNR_NR_##name);                           \
		return;
#include "shared_definitions/event_table.h"
	default:
		return;
	}
}

SEC("tp_btf/sys_exit")
int BPF_PROG(lnr_sys_exit, struct pt_regs *regs, long ret)
{
	/* a syscall no exit program is about (most of them): one load, nothing else */
	if (!lnr_raw_wants(lnr_raw_exit, (__u64)lnr_syscall_id(regs)))
		return 0;
	/* current's BTF pointer, once: on 6.18 each bpf_get_current_task_btf is a helper call, and
	 * its return alone costs as much as the loads around it */
	struct task_struct *t = LNR_CURRENT_TASK();
	/* the processes the sensor must not see leave here, as at entry: lanner itself, and under
	 * capture -p every process it does not follow. Before any guarded body: where the kernel
	 * preempts this chain, it skips every other task's exit on this CPU while one task is
	 * preempted inside it (helpers/preempt.h). Their cwd need not be kept either: lanner's own
	 * is never asked for, and a process capture -p starts to follow is a child of a followed
	 * one, whose cwd it inherits at fork. */
	if (lnr_tgid_ignored(LNR_RD(t, tgid)))
		return 0;
	/* a 32-bit syscall goes by its x86_64 number (shared_definitions/ia32.h) */
	int ia32 = lnr_task_ia32(t);
	__u32 nr = lnr_syscall_nr(regs, ia32);
	if (nr >= LNR_SYSCALL_MAX)
		return 0;
	/* chdir/fchdir: the process map's cwd is kept whatever the rules (helpers/cwd.h) */
	if (ret == 0 && (nr == LNR_NR_chdir || nr == LNR_NR_fchdir))
		bpf_tail_call(ctx, &lnr_cwd_progs, nr == LNR_NR_chdir ? 0 : 1);
#ifdef LNR_CLOSE_GATE
	/* a close its entry gated (no rule can match the file) ends here: no tail call into
	 * lnr_x_close, which would look the task and the stash up again */
	if (nr == LNR_NR_close && lnr_close_gate_take(t))
		return 0;
#endif
#ifdef LNR_FDGATE
	/* an fd event judged by close's rules whose file the close gate rules out, the same way
	 * (a successful fchdir went to its cwd program above, which tail-calls lnr_x_fchdir: its
	 * filter finds the same) */
	if (LNR_FDGATE(nr) && LNR_FD_ARG0(nr) &&
	    lnr_fd_gate_take(t, (long)(int)lnr_syscall_arg_c(regs, 0, ia32)))
		return 0;
#endif
	lnr_exit_tail(ctx, nr);
	return 0;
}

/* Entry copies from user memory go through the stack. The kernel's copy from user memory checks
 * its destination first (hardened usercopy: __check_object_size): a destination on the current
 * stack passes after a range test, one in map memory costs two more kernel calls
 * (is_vmalloc_addr, __virt_addr_valid) and the kernel text test, about a fifth of the copy's
 * cost on 6.18. So the bytes are read onto the stack and moved into the stash by plain 8-byte
 * moves (up to the word holding byte n - 1), the stash getting the same bytes and the same
 * length. Microbench (6.18, 200000 opens, 8 path reads per open timed in the program): 101-103 ns
 * per read into a per-CPU map value, 81-85 onto the stack plus the move (128 or 256 bytes
 * alike). */
#define LNR_ENTER_CHUNK 256
_Static_assert(LNR_SOCKADDR_MAX <= LNR_ENTER_CHUNK, "a sockaddr is read whole onto the stack");
static __always_inline void lnr_enter_move(struct lnr_stash *s, const __u64 *b, __u32 n)
{
	__u64 *d = (__u64 *)s->data; /* through &s->data[i * 8], clang stores byte by byte */
	/* unrolled, as the verifier of 5.10 takes no stack read at a variable offset; clang unrolls
	 * it only written without a break (the compares it emits still stop at the first word past
	 * n) */
#pragma clang loop unroll(full)
	for (__u32 i = 0; i < LNR_ENTER_CHUNK / 8; i++) {
		if (i * 8 < n) {
			__u64 w = b[i];
			asm volatile("" : "+r"(w)); /* keeps clang from a memcpy call */
			d[i] = w;
		}
	}
}

/* The path argument's entry copy into s->data: its length, NUL included, and 0 when the read
 * failed. One that does not fit the stack buffer (LNR_ENTER_CHUNK bytes, NUL included), or a
 * read that failed, is read again straight into the stash as before. */
static __always_inline __u32 lnr_enter_path(struct lnr_stash *s, __u64 *b, const void *u)
{
	long n = bpf_probe_read_user_str(b, LNR_ENTER_CHUNK, u);
	if (n > 0 && n < LNR_ENTER_CHUNK) {
		lnr_enter_move(s, b, n);
		return n;
	}
	n = bpf_probe_read_user_str(s->data, LNR_STASH_DATA, u);
	return n > 0 ? n : 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(lnr_sys_enter, struct pt_regs *regs, long id)
{
	/* a syscall without an entry copy (most of them): one load, nothing else */
	if (!lnr_raw_wants(lnr_raw_enter, (__u64)id))
		return 0;
	struct task_struct *t = LNR_CURRENT_TASK();
	int ia32 = lnr_task_ia32(t);
	__u32 nr = ia32 ? lnr_ia32_to_x64((__u32)id) : (__u32)id;
	if ((__u64)id >= LNR_SYSCALL_MAX || nr >= LNR_SYSCALL_MAX)
		return 0;
	__u32 *want = bpf_map_lookup_elem(&lnr_interesting, &nr);
	if (!want)
		return 0;
	__u32 kind = (*want & LNR_SC_ENTER_MASK) >> LNR_SC_ENTER_SHIFT;
	if (kind == LNR_ENTER_NONE)
		return 0;
	/* current's BTF pointer: plain loads, no helper call for the tgid */
	if (lnr_tgid_ignored(LNR_RD(t, tgid)))
		return 0;
	/* copies go straight into this CPU's stash, published as this thread's at the end
	 * (helpers/stash.h); on a kernel that would preempt this program, not preemptible from the
	 * claim to the publication (helpers/preempt.h) */
	LNR_PREEMPT_OFF();
	struct lnr_stash *s = lnr_stash_claim(t);
	if (!s) {
		LNR_PREEMPT_ON();
		return 0;
	}
	s->len = 0;
	s->data_off = 0;
	s->rflags = 0;
	s->gated = 0;
	s->base_len = 0;
	__u64 b[LNR_ENTER_CHUNK / 8]; /* user bytes land here first (lnr_enter_move) */
	switch (kind) {
	case LNR_ENTER_PATH_ARG0:
	case LNR_ENTER_PATH_ARG1: {
		__u64 u = lnr_syscall_arg_c(regs, kind == LNR_ENTER_PATH_ARG0 ? 0 : 1, ia32);
		s->len = lnr_enter_path(s, b, (const void *)u);
		break;
	}
	case LNR_ENTER_SOCKADDR: {
		__u64 u = lnr_syscall_arg_c(regs, 1, ia32);
		__u64 len = lnr_syscall_arg_c(regs, 2, ia32);
		if (len > LNR_SOCKADDR_MAX)
			len = LNR_SOCKADDR_MAX;
		len &= 0xff;
		if (bpf_probe_read_user(b, len, (const void *)u) == 0) {
			lnr_enter_move(s, b, len);
			s->len = len;
		}
		break;
	}
	case LNR_ENTER_FD_ARG0: {
		long fd = (int)lnr_syscall_arg_c(regs, 0, ia32);
		struct file *f = lnr_fd_file(t, fd);
		s->fd_kind = LNR_FD_NONE;
		if (!f)
			break;
		struct lnr_fdname *v = 0;
		int looked = 0; /* v is the lookup's answer */
#if defined(LNR_CLOSE_GATE) && !defined(LNR_CLOSE_NO_FDNAME)
		/* the generated rules say each rule on close needs fd.name to be one of a few
		 * files: a file whose opened name (else its own name, the walk's last component)
		 * ends in none of their last components cannot match, so its close is dropped
		 * here, before anything of it is read: no walk, no record at exit. */
		if (nr == LNR_NR_close) {
			if (lnr_file_gated(f, &v)) {
				s->gated = 1;
				break;
			}
			looked = 1;
		}
#endif
		struct file *fc = lnr_file_btf(f);
		struct inode *ino = LNR_RD(fc, f_inode);
		__builtin_memset(&s->sock, 0, sizeof(s->sock));
		s->fd_num = fd;
		s->fd_mode = LNR_RD(ino, i_mode);
		s->fd_ino = LNR_RD(ino, i_ino);
		s->fd_dev = lnr_encode_dev(LNR_RD(ino, i_sb, s_dev));
		s->fd_flags = LNR_RD(fc, f_flags);
		s->fd_kind = lnr_file_kind(f, &s->sock);
		__u32 k = s->fd_kind;
		if (k == LNR_FD_IPV4 || k == LNR_FD_IPV6 || k == LNR_FD_UNIX ||
		    k == LNR_FD_NETLINK || k == LNR_FD_OTHER_SOCK)
			break;
#ifdef LNR_CLOSE_NO_FDNAME
		/* the generated rules say no rule of the bundle uses close's fd name (condition or
		 * output): the name, the most expensive part of close, is skipped */
		break;
#endif
		__u32 fl = 0;
		if (k == LNR_FD_FILE || k == LNR_FD_DIR) {
			/* the name it was opened by (Falco's fd table) */
			if (!looked)
				v = lnr_fdname_get(f);
			if (v && lnr_stash_fdname(s, v))
				break;
			fl = LNR_RF_FDNAME_WALK; /* not seen opened: its path now */
			LNR_COUNT(fdname_miss);
		}
		/* straight into the stash: no second copy */
		__u32 start =
			lnr_path_walk_into((struct lnr_walkbuf *)s->data, 1, t, &f->f_path, &fl);
		s->rflags = fl;
		s->data_off = start;
		s->len = (LNR_PATH_MASK + 1) - start;
		break;
	}
	default:
		break;
	}
	lnr_stash_publish(t, s, nr);
	LNR_PREEMPT_ON();
	return 0;
}

/* A thread switched out inside a syscall with its entry copy in this CPU's stash: the copy moves
 * into the thread's own storage (helpers/stash.h). Attached with lnr_sys_enter. */
SEC("tp_btf/sched_switch")
int BPF_PROG(lnr_sched_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	lnr_stash_move(prev);
	return 0;
}

/* ---- per-syscall exit programs ----------------------------------------------------------- */
#include "syscalls/all.h"

/* ---- process lifecycle: helpers/process.h (included through helpers/cwd.h above) ---------- */
