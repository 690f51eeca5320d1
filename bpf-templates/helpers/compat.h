/* compat.h — everything that differs between the kernels a bundle's object variants load on, in
 * one place. lanner-gen compiles the same generated C once per variant (gen/build.c) with one
 * variant define; the loader picks the object by the running kernel's BTF
 * (loader/events/kernel_features.c):
 *
 *   (none)            Linux 6.2+: BTF pointers read with plain loads (bpf_get_current_task_btf,
 *                     the bpf_rdonly_cast kfunc), task storage, bpf_loop, global functions
 *   LNR_VARIANT_5_10  Linux 5.10–6.1: no bpf_rdonly_cast (6.2), bpf_loop (5.17), task storage and
 *                     bpf_get_current_task_btf (5.11), pointer arguments of global functions
 *                     (5.12), bpf_task_pt_regs (5.15)
 *   LNR_VARIANT_6_1   Linux 5.17–6.1: no bpf_rdonly_cast only (not built: bundle_variants.h)
 *
 * The older paths are slower (a helper call per field, hash lookups, smaller loop bounds) but
 * never change an answer: where a bound is smaller, what it cuts is flagged or UNKNOWN, so
 * userspace decides it.
 *
 * How kernel code is written so that it compiles into every variant:
 *   LNR_CURRENT_TASK()              the current task (never bpf_get_current_task_btf())
 *   LNR_RD(p, a, b, ...)            p->a->b... for p from LNR_CURRENT_TASK() or LNR_RO(); a
 *                                   plain load where the pointer is a BTF one, else a CO-RE
 *                                   probe read. Pointers that are tracepoint arguments (regs,
 *                                   the sched_* task) may be dereferenced directly.
 *   LNR_RO(type, addr)              a read-only view of a kernel address, read through LNR_RD
 *   LNR_TASK_STORAGE_MAP(name, T)   defines a per-thread storage map
 *   LNR_PERCPU_ONE(name, T)         defines a map of one T per CPU
 *   LNR_TASK_STORAGE_GET(name, t, flags)   bpf_task_storage_get(&name, t, 0, flags); t must be
 *                                   the current task (a tid-keyed hash on 5.10)
 *   LNR_TASK_STORAGE_DELETE(name, t)  at a thread's exit (t exiting: current)
 *   LNR_BPF_LOOP(n, cb, ctx, cap)   bpf_loop(n, cb, ctx, 0); on 5.10 a bounded loop of at most
 *                                   cap (a constant) steps: the caller checks what a cut loop
 *                                   left undone (LNR_LOOP_BOUND(n, cap) is the steps run)
 *   LNR_GLOBAL                      instead of __noinline for a global function with a pointer
 *                                   argument (static, verified per call, on 5.10)
 *   LNR_TASK_SYSCALL_NR(p)          the x86_64 number of task p's current syscall
 *   LNR_CRED_CAP(cred, cap_effective)  a capability set as a u64 (its shape changed in 6.3)
 */
#ifndef LANNER_HELPERS_COMPAT_H
#define LANNER_HELPERS_COMPAT_H

#if defined(LNR_VARIANT_5_10)
#define LNR_NO_RDONLY_CAST  1
#define LNR_NO_TASK_BTF	    1
#define LNR_NO_TASK_STORAGE 1
#define LNR_NO_BPF_LOOP	    1
#define LNR_NO_GLOBAL_PTR   1
#define LNR_NO_TASK_PT_REGS 1
#elif defined(LNR_VARIANT_6_1)
#define LNR_NO_RDONLY_CAST 1
#endif

/* ---- reading kernel structures ---------------------------------------------------------- */

#ifdef LNR_NO_TASK_BTF
#define LNR_CURRENT_TASK() ((struct task_struct *)bpf_get_current_task())
#else
#define LNR_CURRENT_TASK() bpf_get_current_task_btf()
#endif

#define LNR_ARROW_(_1, _2, _3, _4, _5, _6, N, ...) N
#define LNR_ARROW1(p, a)			   ((p)->a)
#define LNR_ARROW2(p, a, b)			   ((p)->a->b)
#define LNR_ARROW3(p, a, b, c)			   ((p)->a->b->c)
#define LNR_ARROW4(p, a, b, c, d)		   ((p)->a->b->c->d)
#define LNR_ARROW5(p, a, b, c, d, e)		   ((p)->a->b->c->d->e)
#define LNR_ARROW_CAT_(a, b)			   a##b
#define LNR_ARROW_CAT(a, b)			   LNR_ARROW_CAT_(a, b)
#define LNR_ARROW(p, ...)                                                                          \
	LNR_ARROW_CAT(LNR_ARROW, LNR_ARROW_(__VA_ARGS__, 6, 5, 4, 3, 2, 1, 0))(p, __VA_ARGS__)

#if defined(LNR_NO_RDONLY_CAST) || defined(LNR_NO_TASK_BTF)
/* through a local: BPF_CORE_READ would relocate the access to p itself when p is a member of one
 * of Lanner's own structs (w.mnt), which the kernel's BTF does not have */
#define LNR_RD(p, ...)                                                                             \
	({                                                                                         \
		typeof(p) lnr_rd_ = (p);                                                           \
		BPF_CORE_READ(lnr_rd_, __VA_ARGS__);                                               \
	})
#else
#define LNR_RD(p, ...) LNR_ARROW(p, __VA_ARGS__)
#endif

#ifdef LNR_NO_RDONLY_CAST
#define LNR_RO(type, addr) ((type *)(addr))
#else
extern void *bpf_rdonly_cast(const void *obj, __u32 btf_id) __ksym;
/* untrusted: a fault reads 0, as a failed bpf_probe_read_kernel would */
#define LNR_RO(type, addr)                                                                         \
	((type *)bpf_rdonly_cast((const void *)(addr), bpf_core_type_id_kernel(type)))
#endif

/* ---- kernel structures that changed shape --------------------------------------------------
 */

/* LNR_CRED_CAP(cred, cap_effective): a capability set of a struct cred as a u64. kernel_cap_t is
 * a u64 `val` since Linux 6.3, two u32 `cap[]` words before (CO-RE picks at load). */
struct lnr_kcap___old {
	__u32 cap[2];
};
struct cred___lnr_old {
	struct lnr_kcap___old cap_inheritable, cap_permitted, cap_effective;
};
#define LNR_CRED_CAP(cr, field)                                                                    \
	({                                                                                         \
		const struct cred *c_ = (cr);                                                      \
		__u64 v_;                                                                          \
		if (bpf_core_field_exists(c_->field.val)) {                                        \
			v_ = LNR_RD(c_, field.val);                                                \
		} else {                                                                           \
			const struct cred___lnr_old *o_ = (const void *)c_;                        \
			v_ = (__u64)BPF_CORE_READ(o_, field.cap[0]) |                              \
			     (__u64)BPF_CORE_READ(o_, field.cap[1]) << 32;                         \
		}                                                                                  \
		v_;                                                                                \
	})

/* ---- per-thread and per-CPU storage ----------------------------------------------------- */

#ifdef LNR_NO_TASK_STORAGE
/* Threads with an entry at once; a full map fails the create (counted as map_full; the exit then
 * reads the arguments itself, flagged LNR_RF_NO_STASH). */
#define LNR_TASK_STORAGE_MAX 65536
/* A tid-keyed hash allocated on use (LNR_TASK_STORAGE_MAP below), and a zeroed value to create
 * entries from (a map value: the stack is too small). */
#define LNR_TS_TYPE BPF_MAP_TYPE_HASH
#define LNR_TS_KEY  __u32
#define LNR_TS_MAX  __uint(max_entries, LNR_TASK_STORAGE_MAX);
#define LNR_TS_ZERO(name, vtype)                                                                   \
	;                                                                                          \
	struct {                                                                                   \
		__uint(type, BPF_MAP_TYPE_ARRAY);                                                  \
		__uint(max_entries, 1);                                                            \
		__type(key, __u32);                                                                \
		__type(value, vtype);                                                              \
	} name##_zero SEC(".maps")
#define LNR_TASK_STORAGE_GET(name, t, flags)                                                       \
	({                                                                                         \
		(void)(t);                                                                         \
		__u32 k_ = (__u32)bpf_get_current_pid_tgid();                                      \
		void *v_ = bpf_map_lookup_elem(&name, &k_);                                        \
		if (!v_ && ((flags)&BPF_LOCAL_STORAGE_GET_F_CREATE)) {                             \
			__u32 z_ = 0;                                                              \
			void *zv_ = bpf_map_lookup_elem(&name##_zero, &z_);                        \
			if (zv_ && !bpf_map_update_elem(&name, &k_, zv_, BPF_NOEXIST))             \
				v_ = bpf_map_lookup_elem(&name, &k_);                              \
		}                                                                                  \
		(typeof(name##_zero.value))v_;                                                     \
	})
#define LNR_TASK_STORAGE_DELETE(name, t)                                                           \
	do {                                                                                       \
		__u32 k_ = (__u32)bpf_get_current_pid_tgid();                                      \
		(void)(t);                                                                         \
		bpf_map_delete_elem(&name, &k_);                                                   \
	} while (0)
#else
#define LNR_TS_TYPE			     BPF_MAP_TYPE_TASK_STORAGE
#define LNR_TS_KEY			     int
#define LNR_TS_MAX			     /* the kernel's: one entry per task */
#define LNR_TS_ZERO(name, vtype)	     /* created zeroed by bpf_task_storage_get */
#define LNR_TASK_STORAGE_GET(name, t, flags) bpf_task_storage_get(&name, (t), 0, (flags))
/* the kernel frees task storage with the task */
#define LNR_TASK_STORAGE_DELETE(name, t)     ((void)(t))
#endif

/* Per-thread storage of vtype: task storage, or the tid-keyed hash and its zeroed value. */
#define LNR_TASK_STORAGE_MAP(name, vtype)                                                          \
	struct {                                                                                   \
		__uint(type, LNR_TS_TYPE);                                                         \
		__uint(map_flags, BPF_F_NO_PREALLOC);                                              \
		LNR_TS_MAX                                                                         \
		__type(key, LNR_TS_KEY);                                                           \
		__type(value, vtype);                                                              \
	} name SEC(".maps") LNR_TS_ZERO(name, vtype)

/* One value of vtype per CPU (key 0), the same on every kernel: counters, and scratch memory too
 * large for the stack. */
#define LNR_PERCPU_ONE(name, vtype)                                                                \
	struct {                                                                                   \
		__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);                                           \
		__uint(max_entries, 1);                                                            \
		__type(key, __u32);                                                                \
		__type(value, vtype);                                                              \
	} name SEC(".maps")

/* ---- loops and functions ----------------------------------------------------------------- */

#ifdef LNR_NO_BPF_LOOP
#define LNR_LOOP_BOUND(n, cap) ((n) < (cap) ? (n) : (cap))
/* the callback called directly; cap is the verifier's bound. Returns the steps run, as bpf_loop
 * does. */
#define LNR_BPF_LOOP(n, cb, ctx, cap)                                                              \
	({                                                                                         \
		__u32 n_ = (n), i_ = 0;                                                            \
		for (; i_ < (cap) && i_ < n_; i_++)                                                \
			if ((cb)(i_, (ctx))) {                                                     \
				i_++;                                                              \
				break;                                                             \
			}                                                                          \
		(long)i_;                                                                          \
	})
#else
#define LNR_LOOP_BOUND(n, cap)	      (n)
#define LNR_BPF_LOOP(n, cb, ctx, cap) bpf_loop((n), (cb), (ctx), 0)
#endif

/* Bounds of the 5.10 loops (bpf_loop's are the first argument). */
#define LNR_OLD_PATH_COMPONENTS 128 /* a deeper path is flagged LNR_RF_PATH_DEEP */
/* Path normalisation of a path that is not already normal (relative to a base, ".", "..",
 * "//"): none, UNKNOWN. A step has hundreds of paths for the verifier; 64 of them in a bounded
 * loop took one program past its million instructions. Already normal absolute paths (the
 * usual case) are decided by lnr_pn_clean_g, without a loop. */
#define LNR_OLD_PN_STEPS 0
/* contains: positions scanned, past them UNKNOWN. None: a bounded scan per needle, verified
 * once per position and call, takes the exec rules of Falco's stable set past the verifier's
 * million instructions; the kernel then says UNKNOWN and userspace decides. */
#define LNR_OLD_SCAN 0

#ifdef LNR_NO_GLOBAL_PTR
#define LNR_GLOBAL static __noinline
#else
#define LNR_GLOBAL __noinline
#endif

/* ---- the syscall a task is in --------------------------------------------------------------
 */

#ifdef LNR_NO_TASK_PT_REGS
/* task_pt_regs() of x86_64: the registers sit at the top of the task's 16 KiB stack */
#define LNR_THREAD_SIZE 16384
#define LNR_TASK_SYSCALL_NR(p)                                                                     \
	({                                                                                         \
		char *stk_ = (char *)BPF_CORE_READ((p), stack);                                    \
		struct pt_regs *r_ = (struct pt_regs *)(stk_ + LNR_THREAD_SIZE) - 1;               \
		__u32 nr_ = (__u32)BPF_CORE_READ(r_, orig_ax);                                     \
		stk_ ? (lnr_task_ia32(p) ? lnr_ia32_to_x64(nr_) : nr_) : LNR_SYSCALL_MAX;          \
	})
#else
#define LNR_TASK_SYSCALL_NR(p)                                                                     \
	({                                                                                         \
		struct pt_regs *r_ = (struct pt_regs *)bpf_task_pt_regs(p);                        \
		r_ ? lnr_syscall_nr(r_, lnr_task_ia32(p)) : LNR_SYSCALL_MAX;                       \
	})
#endif

#endif
