/* event_table.h — THE event table: every fact about an event type that more than one part of
 * Lanner needs, in one place, shared by the kernel sensor (bpf-templates/) and userspace
 * (rulelang/, gen/, loader/), as Falco keeps one event table. Adding a syscall to what the sensor
 * follows is one LNR_SC row here plus its capture file bpf-templates/syscalls/NAME.h (listed in
 * syscalls/all.h; tests/unit/test_event_table.c checks the two agree).
 *
 * An X-macro table without an include guard: define the row macros you need, include this file, and
 * it expands those rows (undefined ones expand to nothing) and undefines every row macro again.
 *
 *   LNR_SC(name, ia32, eflags, enter, dcat, caps, params)   a syscall the sensor follows (exit
 *       program lnr_x_<name>). name: the kernel's syscall name (syscalls_list.h); ia32: its i386
 *       number (the kernel's syscall_32.tbl, asm/unistd_32.h), 0 where i386 has no syscall of that
 *       name: a 32-bit task's syscall is dispatched as its x86_64 counterpart, as Falco translates
 *       it, so a 32-bit open (5) is an open, not x86_64's fstat; eflags: events.h EF_*; enter: the
 *       entry-time copy it needs (records.h LNR_ENTER_<enter>); dcat: Falco's category of its
 *       ring-full losses (records.h LNR_DCAT_<dcat>); caps: what the generator may decide in the
 *       kernel for it (gen/kernel_caps.h KE_*); params: its Falco exit-event parameters.
 *   LNR_EV(name, falco_name, eflags, dcat, params)   an x86_64 syscall the sensor does not follow
 *       but whose Falco event has facts of its own (parameters, a Falco name other than the
 *       kernel's — NULL when the same —, a loss category).
 *   LNR_META(name, eflags, params)   a Falco event name that is not an x86_64 syscall, in the order
 *       of its events.h id (appended only: ids must not move).
 *   LNR_GENERIC(params)   the parameters of every x86_64 syscall Falco has no event of its own for.
 *   LNR_IA32(name, nr32)   another i386 number of the followed syscall name: the 32-bit-uid
 *       variants (setuid32...) are the same x86_64 syscall as the 16-bit ones, as in Falco. Not
 *       translated: socketcall (the multiplexer older 32-bit programs use for sockets).
 *   LNR_OPEN(name, where, n)   the open family: where the open flags are — LNR_PL_ARG / LNR_PL_AUX
 *       n, or a constant n (LNR_PL_CONST: creat) — for evt.is_open_* and the `flags` parameter.
 *
 * params is a sequence of LNR_P(name, type, table, kind, loc, n): Falco's parameter name, its
 * rulelang/fields.h FT_* type, the rulelang/flags.h FLT_* table that renders it, its events.h PK_*
 * kind, and where the value is in the sensor's record (events.h enum evt_ploc PL_<loc>, n an
 * index): RES the return value; ARG args[n]; AUX aux[n]; OPEN_FLAGS the open flags (LNR_OPEN), 32
 * bits, plus O_F_CREATED; EXE_FLAGS aux[0] as LNR_PF_EXE_* bits; PATH_A / PATH_B the resolved path
 * of slot A / B; STR_A / STR_A_BASE / STR_B a slot's string as passed; FD_DEV / FD_INO the fd's
 *   device / inode; SOCKADDR / TUPLE the socket's address as fd.name; NONE not carried.
 * Both the generated kernel filters (gen/values.c) and userspace rendering (loader/eval/
 * fields_extract.c) read a parameter from that one place, so they cannot disagree.
 * LNR_PN / LNR_PF / LNR_PK are LNR_P without a table and kind / with a table / with a kind.
 */

/* clang-format off */
#ifndef LNR_SC
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params)
#endif
#ifndef LNR_IA32
#define LNR_IA32(name, nr32)
#endif
#ifndef LNR_EV
#define LNR_EV(name, falco_name, eflags, dcat, params)
#endif
#ifndef LNR_META
#define LNR_META(name, eflags, params)
#endif
#ifndef LNR_GENERIC
#define LNR_GENERIC(params)
#endif
#ifndef LNR_OPEN
#define LNR_OPEN(name, where, n)
#endif
#ifndef LNR_P
#define LNR_P(name, type, table, kind, loc, n)
#endif

#define LNR_PN(name, type, loc, n)	  LNR_P(name, type, FLT_NONE, PK_PLAIN, loc, n)
#define LNR_PF(name, type, table, loc, n) LNR_P(name, type, table, PK_PLAIN, loc, n)
#define LNR_PK(name, type, kind, loc, n)  LNR_P(name, type, FLT_NONE, kind, loc, n)
#define LNR_RES				  LNR_PN(res, FT_ERRNO, RES, 0)
#define LNR_TUPLE			  LNR_PK(tuple, FT_BYTEBUF, PK_SOCKTUPLE, TUPLE, 0)
/* the opened file's device and inode (the open family) */
#define LNR_P_DEVINO LNR_PN(dev, FT_UINT32, FD_DEV, 0) LNR_PN(ino, FT_UINT64, FD_INO, 0)
/* accept and accept4 (then flags) */
#define LNR_P_ACCEPT								\
	LNR_PN(fd, FT_FD, RES, 0) LNR_TUPLE LNR_PN(queuepct, FT_UINT8, NONE, 0)		\
	LNR_PN(queuelen, FT_UINT32, NONE, 0) LNR_PN(queuemax, FT_UINT32, NONE, 0)
/* read, write, and pread / pwrite (then pos) */
#define LNR_P_RW	\
	LNR_RES LNR_PN(data, FT_BYTEBUF, NONE, 0) LNR_PN(fd, FT_FD, NONE, 0) LNR_PN(size, FT_UINT32, NONE, 0)
/* rename and link: two absolute paths */
#define LNR_P_OLDNEW	\
	LNR_RES LNR_PN(oldpath, FT_FSPATH, PATH_A, 0) LNR_PN(newpath, FT_FSPATH, PATH_B, 0)
/* renameat and renameat2 (then flags) */
#define LNR_P_RENAMEAT								\
	LNR_RES LNR_PN(olddirfd, FT_FD, ARG, 0) LNR_PN(oldpath, FT_FSRELPATH, PATH_A, 0)	\
	LNR_PN(newdirfd, FT_FD, ARG, 2) LNR_PN(newpath, FT_FSRELPATH, PATH_B, 0)
/* setresuid / setresgid: three ids of one kind (PK_UID / PK_GID) */
#define LNR_P_SETRES(r, e, s, kind)							\
	LNR_RES LNR_PK(r, FT_UINT32, kind, ARG, 0) LNR_PK(e, FT_UINT32, kind, ARG, 1)	\
	LNR_PK(s, FT_UINT32, kind, ARG, 2)
/* a syscall Falco has no dedicated event for */
#define LNR_P_GENERIC LNR_PN(ID, FT_SYSCALLID, NONE, 0) LNR_PN(nativeID, FT_UINT16, NONE, 0)
/* execve (then filename) and execveat: Falco's EXECVE_19_X / EXECVEAT_X; a failed exec's record
 * carries the result, the current executable's flags and its path in slot A */
#define LNR_P_EXEC								\
	LNR_RES LNR_PN(exe, FT_CHARBUF, NONE, 0) LNR_PN(args, FT_BYTEBUF, NONE, 0)		\
	LNR_PN(tid, FT_PID, NONE, 0) LNR_PN(pid, FT_PID, NONE, 0) LNR_PN(ptid, FT_PID, NONE, 0)	\
	LNR_PN(cwd, FT_CHARBUF, NONE, 0) LNR_PN(fdlimit, FT_UINT64, NONE, 0)			\
	LNR_PN(pgft_maj, FT_UINT64, NONE, 0) LNR_PN(pgft_min, FT_UINT64, NONE, 0)		\
	LNR_PN(vm_size, FT_UINT32, NONE, 0) LNR_PN(vm_rss, FT_UINT32, NONE, 0)			\
	LNR_PN(vm_swap, FT_UINT32, NONE, 0) LNR_PN(comm, FT_CHARBUF, NONE, 0)			\
	LNR_PN(cgroups, FT_BYTEBUF, NONE, 0) LNR_PN(env, FT_BYTEBUF, NONE, 0)			\
	LNR_PN(tty, FT_UINT32, NONE, 0) LNR_PN(vpgid, FT_PID, NONE, 0)				\
	LNR_PK(loginuid, FT_UINT32, PK_UID, NONE, 0)						\
	LNR_PF(flags, FT_FLAGS32, FLT_EXECVE_FLAGS, EXE_FLAGS, 0)				\
	LNR_PN(cap_inheritable, FT_UINT64, NONE, 0) LNR_PN(cap_permitted, FT_UINT64, NONE, 0)	\
	LNR_PN(cap_effective, FT_UINT64, NONE, 0) LNR_PN(exe_ino, FT_UINT64, NONE, 0)		\
	LNR_PN(exe_ino_ctime, FT_ABSTIME, NONE, 0) LNR_PN(exe_ino_mtime, FT_ABSTIME, NONE, 0)	\
	LNR_PK(uid, FT_UINT32, PK_UID, NONE, 0) LNR_PN(trusted_exepath, FT_FSPATH, PATH_A, 0)	\
	LNR_PN(pgid, FT_PID, NONE, 0) LNR_PK(gid, FT_UINT32, PK_GID, NONE, 0)
/* clone, fork, vfork, clone3: Falco's *_20_X / CLONE3_X; the record carries only the flags */
#define LNR_P_CLONE(flags_loc, flags_n)							\
	LNR_PN(res, FT_PID, NONE, 0) LNR_PN(exe, FT_CHARBUF, NONE, 0)				\
	LNR_PN(args, FT_BYTEBUF, NONE, 0) LNR_PN(tid, FT_PID, NONE, 0)				\
	LNR_PN(pid, FT_PID, NONE, 0) LNR_PN(ptid, FT_PID, NONE, 0)				\
	LNR_PN(cwd, FT_CHARBUF, NONE, 0) LNR_PN(fdlimit, FT_INT64, NONE, 0)			\
	LNR_PN(pgft_maj, FT_UINT64, NONE, 0) LNR_PN(pgft_min, FT_UINT64, NONE, 0)		\
	LNR_PN(vm_size, FT_UINT32, NONE, 0) LNR_PN(vm_rss, FT_UINT32, NONE, 0)			\
	LNR_PN(vm_swap, FT_UINT32, NONE, 0) LNR_PN(comm, FT_CHARBUF, NONE, 0)			\
	LNR_PN(cgroups, FT_BYTEBUF, NONE, 0)							\
	LNR_PF(flags, FT_FLAGS32, FLT_CLONE_FLAGS, flags_loc, flags_n)				\
	LNR_PN(uid, FT_UINT32, NONE, 0) LNR_PN(gid, FT_UINT32, NONE, 0)			\
	LNR_PN(vtid, FT_PID, NONE, 0) LNR_PN(vpid, FT_PID, NONE, 0)				\
	LNR_PN(pidns_init_start_ts, FT_UINT64, NONE, 0)

/* event flags (events.h EF_*) and kernel capabilities (gen/kernel_caps.h KE_*) used together */
#define LNR_EF_CFD (EF_CREATES_FD | EF_MODIFIES_STATE)
#define LNR_EF_UFD EF_USES_FD
#define LNR_EF_MOD EF_MODIFIES_STATE
/* files opened: the path resolved by the sensor (copied at entry) */
#define LNR_KE_FDP (KE_FD_NUM | KE_FD_PATH | KE_FD_TYPE | KE_PARAMS)
/* fd-argument events: the sensor puts the fd's own absolute path in slot A and its kind in
 * fd_kind (records.h); fd.name of a socket/pipe/other fd stays UNKNOWN in the kernel */
#define LNR_KE_FDA (KE_FD_NUM | KE_FD_PATH | KE_FD_TYPE | KE_PARAMS)
#define LNR_KE_SOCK (KE_FD_NUM | KE_FD_TYPE | KE_SOCK | KE_PARAMS)

/* ---- the syscalls the sensor follows -------------------------------------------------------- */
LNR_SC(accept, 0, LNR_EF_CFD, NONE, NONE, LNR_KE_SOCK, LNR_P_ACCEPT)
LNR_SC(accept4, 364, LNR_EF_CFD, NONE, NONE, LNR_KE_SOCK, LNR_P_ACCEPT LNR_PN(flags, FT_INT32, ARG, 3))
/* fd.name is the bound address (unix path, ip:port): userspace's */
LNR_SC(bind, 361, LNR_EF_UFD | LNR_EF_MOD, NONE, NONE, KE_FD_NUM | KE_FD_TYPE | KE_SOCK,
	LNR_RES LNR_PK(addr, FT_BYTEBUF, PK_SOCKADDR, SOCKADDR, 0) LNR_PN(fd, FT_FD, ARG, 0))
/* an fd-creating event whose fd the generator does not rely on */
LNR_SC(bpf, 357, EF_CREATES_FD, NONE, OTHER_INTEREST, KE_PARAMS,
	LNR_PN(fd, FT_FD, RES, 0) LNR_PF(cmd, FT_FLAGS32, FLT_BPF_COMMANDS, ARG, 0))
LNR_SC(chdir, 12, LNR_EF_MOD, NONE, NONE, KE_PARAMS, LNR_RES LNR_PN(path, FT_CHARBUF, PATH_B, 0))
LNR_SC(chmod, 15, 0, NONE, DIR_FILE, KE_PARAMS,
	LNR_RES LNR_PN(filename, FT_FSPATH, PATH_A, 0) LNR_PF(mode, FT_MODE, FLT_CHMOD_MODE, ARG, 1))
LNR_SC(clone, 120, LNR_EF_MOD, NONE, CLONE_FORK, KE_PARAMS, LNR_P_CLONE(ARG, 0))
LNR_SC(clone3, 435, LNR_EF_MOD, NONE, CLONE_FORK, KE_PARAMS, LNR_P_CLONE(AUX, 0))
LNR_SC(close, 6, EF_DESTROYS_FD | LNR_EF_UFD | LNR_EF_MOD, FD_ARG0, CLOSE, LNR_KE_FDA,
	LNR_RES LNR_PN(fd, FT_FD, ARG, 0))
LNR_SC(connect, 362, LNR_EF_UFD | LNR_EF_MOD, SOCKADDR, CONNECT, LNR_KE_SOCK,
	LNR_RES LNR_TUPLE LNR_PN(fd, FT_FD, ARG, 0) LNR_PK(addr, FT_BYTEBUF, PK_SOCKADDR, SOCKADDR, 0))
LNR_SC(creat, 8, LNR_EF_CFD, PATH_ARG0, OPEN, LNR_KE_FDP,
	LNR_PN(fd, FT_FD, RES, 0) LNR_PN(name, FT_FSPATH, PATH_A, 0) LNR_PN(mode, FT_UINT32, ARG, 1)
	LNR_P_DEVINO LNR_PF(creat_flags, FT_FLAGS16, FLT_CREAT_FLAGS, NONE, 0))
/* dup family: the file is the old fd's; which number Falco calls fd.num is not relied on */
LNR_SC(dup, 41, LNR_EF_CFD | LNR_EF_UFD, NONE, DIR_FILE, KE_FD_PATH | KE_FD_TYPE | KE_PARAMS,
	LNR_PN(res, FT_FD, RES, 0) LNR_PN(oldfd, FT_FD, ARG, 0))
LNR_SC(dup2, 63, LNR_EF_CFD | LNR_EF_UFD, NONE, NONE, KE_FD_PATH | KE_FD_TYPE | KE_PARAMS,
	LNR_PN(res, FT_FD, RES, 0) LNR_PN(oldfd, FT_FD, ARG, 0) LNR_PN(newfd, FT_FD, ARG, 1))
LNR_SC(dup3, 330, LNR_EF_CFD | LNR_EF_UFD, NONE, NONE, KE_FD_PATH | KE_FD_TYPE | KE_PARAMS,
	LNR_PN(res, FT_FD, RES, 0) LNR_PN(oldfd, FT_FD, ARG, 0) LNR_PN(newfd, FT_FD, ARG, 1)
	LNR_PF(flags, FT_FLAGS32, FLT_FD_FLAGS, ARG, 2))
LNR_SC(execve, 11, LNR_EF_MOD, NONE, EXECVE, KE_PARAMS,
	LNR_P_EXEC LNR_PN(filename, FT_FSPATH, PATH_A, 0))
LNR_SC(execveat, 358, LNR_EF_MOD, NONE, EXECVE, KE_PARAMS, LNR_P_EXEC)
LNR_SC(fchdir, 133, LNR_EF_UFD | LNR_EF_MOD, NONE, NONE, LNR_KE_FDA, LNR_RES LNR_PN(fd, FT_FD, ARG, 0))
LNR_SC(fchmod, 94, LNR_EF_UFD, NONE, DIR_FILE, LNR_KE_FDA,
	LNR_RES LNR_PN(fd, FT_FD, ARG, 0) LNR_PF(mode, FT_MODE, FLT_CHMOD_MODE, ARG, 1))
/* KE_DIRFD: *at path syscalls whose only fd is a dirfd the sensor does not describe */
LNR_SC(fchmodat, 306, LNR_EF_UFD, NONE, DIR_FILE, KE_PARAMS | KE_DIRFD,
	LNR_RES LNR_PN(dirfd, FT_FD, ARG, 0) LNR_PN(filename, FT_FSRELPATH, PATH_A, 0)
	LNR_PF(mode, FT_MODE, FLT_CHMOD_MODE, ARG, 2))
LNR_SC(finit_module, 350, LNR_EF_UFD | EF_READS_FROM_FD, NONE, NONE, LNR_KE_FDA,
	LNR_RES LNR_PN(fd, FT_FD, ARG, 0) LNR_PN(uargs, FT_CHARBUF, STR_B, 0)
	LNR_PF(flags, FT_FLAGS32, FLT_FINIT_MODULE_FLAGS, ARG, 2))
LNR_SC(fork, 2, LNR_EF_MOD, NONE, CLONE_FORK, KE_PARAMS, LNR_P_CLONE(NONE, 0))
LNR_SC(init_module, 128, 0, NONE, NONE, KE_PARAMS,
	LNR_RES LNR_PN(img, FT_BYTEBUF, NONE, 0) LNR_PN(length, FT_UINT64, ARG, 1)
	LNR_PN(uargs, FT_CHARBUF, STR_A, 0))
LNR_SC(kill, 37, 0, NONE, NONE, KE_PARAMS,
	LNR_RES LNR_PN(pid, FT_PID, ARG, 0) LNR_PN(sig, FT_SIGTYPE, ARG, 1))
LNR_SC(link, 9, 0, NONE, DIR_FILE, KE_PARAMS, LNR_P_OLDNEW)
LNR_SC(linkat, 303, 0, NONE, DIR_FILE, KE_PARAMS,
	LNR_RES LNR_PN(olddir, FT_FD, ARG, 0) LNR_PN(oldpath, FT_FSRELPATH, PATH_A, 0)
	LNR_PN(newdir, FT_FD, ARG, 2) LNR_PN(newpath, FT_FSRELPATH, PATH_B, 0)
	LNR_PF(flags, FT_FLAGS32, FLT_LINKAT_FLAGS, ARG, 4))
LNR_SC(listen, 363, LNR_EF_UFD, NONE, NONE, LNR_KE_FDA,
	LNR_RES LNR_PN(fd, FT_FD, ARG, 0) LNR_PN(backlog, FT_INT32, ARG, 1))
LNR_SC(memfd_create, 356, LNR_EF_CFD, NONE, NONE, KE_PARAMS,
	LNR_PN(fd, FT_FD, RES, 0) LNR_PN(name, FT_CHARBUF, STR_A, 0)
	LNR_PF(flags, FT_FLAGS32, FLT_MEMFD_CREATE_FLAGS, ARG, 1))
LNR_SC(mkdir, 39, 0, NONE, DIR_FILE, KE_PARAMS,
	LNR_RES LNR_PN(path, FT_FSPATH, PATH_A, 0) LNR_PN(mode, FT_UINT32, ARG, 1))
LNR_SC(mkdirat, 296, LNR_EF_UFD, NONE, DIR_FILE, KE_PARAMS | KE_DIRFD,
	LNR_RES LNR_PN(dirfd, FT_FD, ARG, 0) LNR_PN(path, FT_FSRELPATH, PATH_A, 0)
	LNR_PN(mode, FT_UINT32, ARG, 2))
LNR_SC(mount, 21, LNR_EF_MOD, NONE, DIR_FILE, KE_PARAMS,
	LNR_RES LNR_PN(dev, FT_CHARBUF, STR_A, 0) LNR_PN(dir, FT_FSPATH, PATH_B, 0)
	LNR_PN(type, FT_CHARBUF, STR_A_BASE, 0) LNR_PF(flags, FT_FLAGS32, FLT_MOUNT_FLAGS, ARG, 3))
/* fd.* are dirfd's (fstat(fd) is newfstatat(fd, "", AT_EMPTY_PATH)); its parameters are
 * decided in userspace */
LNR_SC(newfstatat, 0, LNR_EF_UFD, NONE, NONE, KE_FD_NUM | KE_FD_PATH | KE_FD_TYPE,
	LNR_RES LNR_PN(dirfd, FT_FD, ARG, 0) LNR_PN(path, FT_FSRELPATH, STR_B, 0)
	LNR_PF(flags, FT_FLAGS32, FLT_NEWFSTATAT_FLAGS, ARG, 3))
/* the open family: LNR_OPEN rows below */
LNR_SC(open, 5, LNR_EF_CFD, PATH_ARG0, OPEN, LNR_KE_FDP | KE_OPEN,
	LNR_PN(fd, FT_FD, RES, 0) LNR_PN(name, FT_FSPATH, PATH_A, 0)
	LNR_PF(flags, FT_FLAGS32, FLT_FILE_FLAGS, OPEN_FLAGS, 0) LNR_PN(mode, FT_UINT32, ARG, 2)
	LNR_P_DEVINO)
LNR_SC(openat, 295, LNR_EF_CFD, PATH_ARG1, OPEN, LNR_KE_FDP | KE_OPEN,
	LNR_PN(fd, FT_FD, RES, 0) LNR_PN(dirfd, FT_FD, ARG, 0) LNR_PN(name, FT_FSRELPATH, PATH_A, 0)
	LNR_PF(flags, FT_FLAGS32, FLT_FILE_FLAGS, OPEN_FLAGS, 0) LNR_PN(mode, FT_UINT32, ARG, 3)
	LNR_P_DEVINO)
LNR_SC(openat2, 437, LNR_EF_CFD, PATH_ARG1, OPEN, LNR_KE_FDP | KE_OPEN,
	LNR_PN(fd, FT_FD, RES, 0) LNR_PN(dirfd, FT_FD, ARG, 0) LNR_PN(name, FT_FSRELPATH, PATH_A, 0)
	LNR_PF(flags, FT_FLAGS32, FLT_FILE_FLAGS, OPEN_FLAGS, 0) LNR_PN(mode, FT_UINT32, AUX, 1)
	LNR_PF(resolve, FT_FLAGS32, FLT_OPENAT2_FLAGS, AUX, 2) LNR_P_DEVINO)
LNR_SC(prctl, 172, LNR_EF_MOD, NONE, NONE, KE_PARAMS,
	LNR_RES LNR_PF(option, FT_FLAGS32, FLT_PRCTL_OPTIONS, ARG, 0)
	LNR_PN(arg2_str, FT_CHARBUF, NONE, 0) LNR_PN(arg2_int, FT_INT64, ARG, 1))
LNR_SC(ptrace, 26, 0, NONE, OTHER_INTEREST, KE_PARAMS,
	LNR_RES LNR_PK(addr, FT_UINT64, PK_DYN, ARG, 2) LNR_PK(data, FT_UINT64, PK_DYN, ARG, 3)
	LNR_PF(request, FT_FLAGS16, FLT_PTRACE_REQUESTS, ARG, 0) LNR_PN(pid, FT_PID, ARG, 1))
LNR_SC(recvfrom, 371, LNR_EF_UFD | EF_READS_FROM_FD | LNR_EF_MOD, NONE, NONE, LNR_KE_FDA,
	LNR_RES LNR_PN(data, FT_BYTEBUF, NONE, 0) LNR_TUPLE LNR_PN(fd, FT_FD, ARG, 0)
	LNR_PN(size, FT_UINT32, ARG, 2))
LNR_SC(recvmsg, 372, LNR_EF_UFD | EF_READS_FROM_FD | LNR_EF_MOD, NONE, NONE, LNR_KE_FDA,
	LNR_RES LNR_PN(size, FT_UINT32, NONE, 0) LNR_PN(data, FT_BYTEBUF, NONE, 0) LNR_TUPLE
	LNR_PN(msgcontrol, FT_BYTEBUF, NONE, 0) LNR_PN(fd, FT_FD, ARG, 0))
LNR_SC(rename, 38, 0, NONE, DIR_FILE, KE_PARAMS, LNR_P_OLDNEW)
LNR_SC(renameat, 302, 0, NONE, DIR_FILE, KE_PARAMS, LNR_P_RENAMEAT)
LNR_SC(renameat2, 353, 0, NONE, DIR_FILE, KE_PARAMS,
	LNR_P_RENAMEAT LNR_PF(flags, FT_FLAGS32, FLT_RENAMEAT2_FLAGS, ARG, 4))
LNR_SC(rmdir, 40, 0, NONE, DIR_FILE, KE_PARAMS, LNR_RES LNR_PN(path, FT_FSPATH, PATH_A, 0))
LNR_SC(sendmsg, 370, LNR_EF_UFD | EF_WRITES_TO_FD | LNR_EF_MOD, NONE, NONE, LNR_KE_FDA,
	LNR_RES LNR_PN(data, FT_BYTEBUF, NONE, 0) LNR_PN(fd, FT_FD, ARG, 0)
	LNR_PN(size, FT_UINT32, NONE, 0) LNR_TUPLE)
LNR_SC(sendto, 369, LNR_EF_UFD | EF_WRITES_TO_FD | LNR_EF_MOD, NONE, NONE, LNR_KE_FDA,
	LNR_RES LNR_PN(data, FT_BYTEBUF, NONE, 0) LNR_PN(fd, FT_FD, ARG, 0)
	LNR_PN(size, FT_UINT32, ARG, 2) LNR_TUPLE)
LNR_SC(setgid, 46, LNR_EF_MOD, NONE, NONE, KE_PARAMS, LNR_RES LNR_PK(gid, FT_UINT32, PK_GID, ARG, 0))
LNR_SC(setns, 346, LNR_EF_UFD, NONE, OTHER_INTEREST, LNR_KE_FDA,
	LNR_RES LNR_PN(fd, FT_FD, ARG, 0) LNR_PF(nstype, FT_FLAGS32, FLT_CLONE_FLAGS, ARG, 1))
LNR_SC(setresgid, 170, LNR_EF_MOD, NONE, OTHER_INTEREST, KE_PARAMS,
	LNR_P_SETRES(rgid, egid, sgid, PK_GID))
LNR_SC(setresuid, 164, LNR_EF_MOD, NONE, OTHER_INTEREST, KE_PARAMS,
	LNR_P_SETRES(ruid, euid, suid, PK_UID))
LNR_SC(setuid, 23, LNR_EF_MOD, NONE, NONE, KE_PARAMS, LNR_RES LNR_PK(uid, FT_UINT32, PK_UID, ARG, 0))
LNR_SC(socket, 359, LNR_EF_CFD, NONE, NONE, KE_FD_NUM | KE_FD_TYPE | KE_PARAMS,
	LNR_PN(fd, FT_FD, RES, 0) LNR_PF(domain, FT_FLAGS32, FLT_SOCKET_FAMILIES, ARG, 0)
	LNR_PN(type, FT_UINT32, ARG, 1) LNR_PN(proto, FT_UINT32, ARG, 2)
	LNR_PF(flags, FT_FLAGS32, FLT_FD_FLAGS, NONE, 0))
LNR_SC(symlink, 83, 0, NONE, DIR_FILE, KE_PARAMS,
	LNR_RES LNR_PN(target, FT_CHARBUF, STR_A, 0) LNR_PN(linkpath, FT_FSPATH, PATH_B, 0))
LNR_SC(symlinkat, 304, LNR_EF_UFD, NONE, DIR_FILE, KE_PARAMS | KE_DIRFD,
	LNR_RES LNR_PN(target, FT_CHARBUF, STR_A, 0) LNR_PN(linkdirfd, FT_FD, ARG, 1)
	LNR_PN(linkpath, FT_FSRELPATH, PATH_B, 0))
LNR_SC(umount2, 52, LNR_EF_MOD, NONE, DIR_FILE, KE_PARAMS,
	LNR_RES LNR_PN(name, FT_FSPATH, PATH_A, 0) LNR_PF(flags, FT_FLAGS32, FLT_UMOUNT_FLAGS, ARG, 1))
LNR_SC(unlink, 10, 0, NONE, DIR_FILE, KE_PARAMS, LNR_RES LNR_PN(path, FT_FSPATH, PATH_A, 0))
LNR_SC(unlinkat, 301, LNR_EF_UFD, NONE, DIR_FILE, KE_PARAMS | KE_DIRFD,
	LNR_RES LNR_PN(dirfd, FT_FD, ARG, 0) LNR_PN(name, FT_FSRELPATH, PATH_A, 0)
	LNR_PF(flags, FT_FLAGS32, FLT_UNLINKAT_FLAGS, ARG, 2))
LNR_SC(unshare, 310, 0, NONE, OTHER_INTEREST, KE_PARAMS,
	LNR_RES LNR_PF(flags, FT_FLAGS32, FLT_CLONE_FLAGS, ARG, 0))
LNR_SC(userfaultfd, 374, LNR_EF_CFD, NONE, NONE, KE_PARAMS,
	LNR_RES LNR_PF(flags, FT_FLAGS32, FLT_FD_FLAGS, ARG, 0))
LNR_SC(vfork, 190, LNR_EF_MOD, NONE, CLONE_FORK, KE_PARAMS, LNR_P_CLONE(NONE, 0))

/* ---- other syscalls with facts of their own (not followed) ---------------------------------- */
LNR_EV(read, NULL, LNR_EF_UFD | EF_READS_FROM_FD, NONE, LNR_P_RW)
LNR_EV(write, NULL, LNR_EF_UFD | EF_WRITES_TO_FD, NONE, LNR_P_RW)
LNR_EV(pread64, "pread", LNR_EF_UFD | EF_READS_FROM_FD, NONE,
	LNR_P_RW LNR_PN(pos, FT_UINT64, NONE, 0))
LNR_EV(pwrite64, "pwrite", LNR_EF_UFD | EF_WRITES_TO_FD, NONE,
	LNR_P_RW LNR_PN(pos, FT_UINT64, NONE, 0))
LNR_EV(prlimit64, "prlimit", EF_GENERIC, NONE, LNR_P_GENERIC)
LNR_EV(chroot, NULL, LNR_EF_MOD, NONE, LNR_RES LNR_PN(path, FT_FSPATH, PATH_A, 0))
LNR_EV(setsid, NULL, LNR_EF_MOD, OTHER_INTEREST, LNR_PN(res, FT_PID, NONE, 0))
LNR_EV(open_by_handle_at, NULL, EF_GENERIC, OPEN, LNR_P_GENERIC)
LNR_EV(chown, NULL, EF_GENERIC, DIR_FILE, LNR_P_GENERIC)
LNR_EV(lchown, NULL, EF_GENERIC, DIR_FILE, LNR_P_GENERIC)
LNR_EV(fchown, NULL, EF_GENERIC, DIR_FILE, LNR_P_GENERIC)
LNR_EV(fchownat, NULL, EF_GENERIC, DIR_FILE, LNR_P_GENERIC)
LNR_EV(setpgid, NULL, EF_GENERIC, OTHER_INTEREST, LNR_P_GENERIC)
LNR_EV(seccomp, NULL, EF_GENERIC, OTHER_INTEREST, LNR_P_GENERIC)
LNR_EV(capset, NULL, EF_GENERIC, OTHER_INTEREST, LNR_P_GENERIC)
LNR_EV(keyctl, NULL, EF_GENERIC, OTHER_INTEREST, LNR_P_GENERIC)

/* ---- Falco events that are not x86_64 syscalls (events.h ids after the syscalls', in order) -- */
LNR_META(switch, EF_META,
	LNR_PN(next, FT_PID, NONE, 0) LNR_PN(pgft_maj, FT_UINT64, NONE, 0)
	LNR_PN(pgft_min, FT_UINT64, NONE, 0) LNR_PN(vm_size, FT_UINT32, NONE, 0)
	LNR_PN(vm_rss, FT_UINT32, NONE, 0) LNR_PN(vm_swap, FT_UINT32, NONE, 0))
LNR_META(procexit, EF_META | LNR_EF_MOD,
	LNR_PN(status, FT_ERRNO, NONE, 0) LNR_PN(ret, FT_ERRNO, NONE, 0)
	LNR_PN(sig, FT_SIGTYPE, NONE, 0) LNR_PN(core, FT_UINT8, NONE, 0)
	LNR_PN(reaper_tid, FT_PID, NONE, 0))
LNR_META(signaldeliver, EF_META,
	LNR_PN(spid, FT_PID, NONE, 0) LNR_PN(dpid, FT_PID, NONE, 0) LNR_PN(sig, FT_SIGTYPE, NONE, 0))
LNR_META(page_fault, EF_META, )
LNR_META(container, EF_META | LNR_EF_MOD, LNR_PN(json, FT_CHARBUF, NONE, 0))
LNR_META(cpu_hotplug, EF_META, )
LNR_META(notification, EF_META, )
LNR_META(infra, EF_META, )
LNR_META(drop, EF_META, )
LNR_META(procinfo, EF_META, )
LNR_META(tracer, EF_META, )
LNR_META(sysdigevent, EF_META, )
LNR_META(mesos, EF_META, )
LNR_META(k8s, EF_META, )
LNR_META(useradded, EF_META, )
LNR_META(userdeleted, EF_META, )
LNR_META(groupadded, EF_META, )
LNR_META(groupdeleted, EF_META, )
LNR_META(pluginevent, EF_META,
	LNR_PN(plugin_id, FT_UINT32, NONE, 0) LNR_PN(event_data, FT_BYTEBUF, NONE, 0))
LNR_META(asyncevent, EF_META,
	LNR_PN(plugin_id, FT_UINT32, NONE, 0) LNR_PN(name, FT_CHARBUF, NONE, 0)
	LNR_PN(data, FT_BYTEBUF, NONE, 0))
LNR_META(socketcall, EF_NO_X86_64, )
LNR_META(send, EF_NO_X86_64, )
LNR_META(recv, EF_NO_X86_64, )
LNR_META(stat64, EF_NO_X86_64, )
LNR_META(lstat64, EF_NO_X86_64, )
LNR_META(fstat64, EF_NO_X86_64, )
LNR_META(llseek, EF_NO_X86_64, )
LNR_META(mmap2, EF_NO_X86_64, )
LNR_META(umount, LNR_EF_MOD | EF_NO_X86_64,
	LNR_PN(res, FT_ERRNO, NONE, 0) LNR_PN(name, FT_FSPATH, NONE, 0))
LNR_META(sigreturn, EF_NO_X86_64, )

/* ---- syscalls without a Falco event of their own ------------------------------------------ */
LNR_GENERIC(LNR_P_GENERIC)

/* ---- the 32-bit-uid variants' i386 numbers ------------------------------------------------- */
LNR_IA32(setuid, 213)    /* setuid32 */
LNR_IA32(setgid, 214)    /* setgid32 */
LNR_IA32(setresuid, 208) /* setresuid32 */
LNR_IA32(setresgid, 210) /* setresgid32 */

/* ---- where the open family's open flags are ------------------------------------------------- */
LNR_OPEN(open, ARG, 1)
LNR_OPEN(openat, ARG, 2)
LNR_OPEN(openat2, AUX, 0)
LNR_OPEN(creat, CONST, 01101) /* O_CREAT | O_WRONLY | O_TRUNC */
/* clang-format on */

#undef LNR_SC
#undef LNR_EV
#undef LNR_META
#undef LNR_GENERIC
#undef LNR_IA32
#undef LNR_OPEN
#undef LNR_P
#undef LNR_PN
#undef LNR_PF
#undef LNR_PK
#undef LNR_RES
#undef LNR_TUPLE
#undef LNR_P_GENERIC
#undef LNR_P_EXEC
#undef LNR_P_CLONE
#undef LNR_P_DEVINO
#undef LNR_P_ACCEPT
#undef LNR_P_RW
#undef LNR_P_OLDNEW
#undef LNR_P_RENAMEAT
#undef LNR_P_SETRES
#undef LNR_EF_CFD
#undef LNR_EF_UFD
#undef LNR_EF_MOD
#undef LNR_KE_FDP
#undef LNR_KE_FDA
#undef LNR_KE_SOCK
