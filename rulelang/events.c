/* events.c — event-type universe, Falco exit-event parameter lists, event-type sets.
 *
 * Parameter lists are Falco's current exit events (libs driver/event_table.c after the "drop
 * enter events" change: former enter params appended), docs/falco-semantics.md: "Events" for the
 * stock-rule events. Falco PT_* types fold into fields.h ftypes plus an evt_pkind where the ftype
 * alone is lossy.
 */
#include "events.h"

#include <pthread.h>
#include <string.h>

#include "syscalls.h"

#define P(n, t, tb, k)                                                                             \
	{                                                                                          \
		n, t, tb, k                                                                        \
	}
#define PN(n, t)     P(n, t, FLT_NONE, PK_PLAIN)
#define PF(n, t, tb) P(n, t, tb, PK_PLAIN)
#define PK(n, t, k)  P(n, t, FLT_NONE, k)

#define RES	 PN("res", FT_ERRNO)
#define TUPLE	 PK("tuple", FT_BYTEBUF, PK_SOCKTUPLE)
#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct evt_param p_generic[] = {PN("ID", FT_SYSCALLID), PN("nativeID", FT_UINT16)};

static const struct evt_param p_accept[] = {PN("fd", FT_FD), TUPLE, PN("queuepct", FT_UINT8),
					    PN("queuelen", FT_UINT32), PN("queuemax", FT_UINT32)};
static const struct evt_param p_accept4[] = {PN("fd", FT_FD),		TUPLE,
					     PN("queuepct", FT_UINT8),	PN("queuelen", FT_UINT32),
					     PN("queuemax", FT_UINT32), PN("flags", FT_INT32)};
static const struct evt_param p_bpf[] = {PN("fd", FT_FD), PF("cmd", FT_FLAGS32, FLT_BPF_COMMANDS)};
static const struct evt_param p_chmod[] = {RES, PN("filename", FT_FSPATH),
					   PF("mode", FT_MODE, FLT_CHMOD_MODE)};
/* bind: fd.name is the bound address as Falco prints it (a unix socket's path; ip:port) */
static const struct evt_param p_bind[] = {RES, PK("addr", FT_BYTEBUF, PK_SOCKADDR),
					  PN("fd", FT_FD)};
static const struct evt_param p_connect[] = {RES, TUPLE, PN("fd", FT_FD),
					     PK("addr", FT_BYTEBUF, PK_SOCKADDR)};
static const struct evt_param p_creat[] = {
	PN("fd", FT_FD),       PN("name", FT_FSPATH),
	PN("mode", FT_UINT32), PN("dev", FT_UINT32),
	PN("ino", FT_UINT64),  PF("creat_flags", FT_FLAGS16, FLT_CREAT_FLAGS)};
static const struct evt_param p_dup[] = {PN("res", FT_FD), PN("oldfd", FT_FD)};
static const struct evt_param p_dup2[] = {PN("res", FT_FD), PN("oldfd", FT_FD), PN("newfd", FT_FD)};
static const struct evt_param p_dup3[] = {PN("res", FT_FD), PN("oldfd", FT_FD), PN("newfd", FT_FD),
					  PF("flags", FT_FLAGS32, FLT_FD_FLAGS)};

/* execve (31 params) and execveat (the first 30): PPME_SYSCALL_EXECVE_19_X / EXECVEAT_X */
#define EXEC_PARAMS                                                                                \
	RES, PN("exe", FT_CHARBUF), PN("args", FT_BYTEBUF), PN("tid", FT_PID), PN("pid", FT_PID),  \
		PN("ptid", FT_PID), PN("cwd", FT_CHARBUF), PN("fdlimit", FT_UINT64),               \
		PN("pgft_maj", FT_UINT64), PN("pgft_min", FT_UINT64), PN("vm_size", FT_UINT32),    \
		PN("vm_rss", FT_UINT32), PN("vm_swap", FT_UINT32), PN("comm", FT_CHARBUF),         \
		PN("cgroups", FT_BYTEBUF), PN("env", FT_BYTEBUF), PN("tty", FT_UINT32),            \
		PN("vpgid", FT_PID), PK("loginuid", FT_UINT32, PK_UID),                            \
		PF("flags", FT_FLAGS32, FLT_EXECVE_FLAGS), PN("cap_inheritable", FT_UINT64),       \
		PN("cap_permitted", FT_UINT64), PN("cap_effective", FT_UINT64),                    \
		PN("exe_ino", FT_UINT64), PN("exe_ino_ctime", FT_ABSTIME),                         \
		PN("exe_ino_mtime", FT_ABSTIME), PK("uid", FT_UINT32, PK_UID),                     \
		PN("trusted_exepath", FT_FSPATH), PN("pgid", FT_PID), PK("gid", FT_UINT32, PK_GID)
static const struct evt_param p_execve[] = {EXEC_PARAMS, PN("filename", FT_FSPATH)};
static const struct evt_param p_execveat[] = {EXEC_PARAMS};

/* clone, fork, vfork, clone3: the *_20_X / CLONE3_X layout */
static const struct evt_param p_clone[] = {
	PN("res", FT_PID),
	PN("exe", FT_CHARBUF),
	PN("args", FT_BYTEBUF),
	PN("tid", FT_PID),
	PN("pid", FT_PID),
	PN("ptid", FT_PID),
	PN("cwd", FT_CHARBUF),
	PN("fdlimit", FT_INT64),
	PN("pgft_maj", FT_UINT64),
	PN("pgft_min", FT_UINT64),
	PN("vm_size", FT_UINT32),
	PN("vm_rss", FT_UINT32),
	PN("vm_swap", FT_UINT32),
	PN("comm", FT_CHARBUF),
	PN("cgroups", FT_BYTEBUF),
	PF("flags", FT_FLAGS32, FLT_CLONE_FLAGS),
	PN("uid", FT_UINT32),
	PN("gid", FT_UINT32),
	PN("vtid", FT_PID),
	PN("vpid", FT_PID),
	PN("pidns_init_start_ts", FT_UINT64),
};

static const struct evt_param p_fchmod[] = {RES, PN("fd", FT_FD),
					    PF("mode", FT_MODE, FLT_CHMOD_MODE)};
static const struct evt_param p_fchmodat[] = {RES, PN("dirfd", FT_FD), PN("filename", FT_FSRELPATH),
					      PF("mode", FT_MODE, FLT_CHMOD_MODE)};
/* fd.* are dirfd's (Falco: EF_USES_FD on dirfd; fstat(fd) is newfstatat(fd, "", AT_EMPTY_PATH)) */
static const struct evt_param p_newfstatat[] = {RES, PN("dirfd", FT_FD), PN("path", FT_FSRELPATH),
						PF("flags", FT_FLAGS32, FLT_NEWFSTATAT_FLAGS)};
static const struct evt_param p_finit_module[] = {RES, PN("fd", FT_FD), PN("uargs", FT_CHARBUF),
						  PF("flags", FT_FLAGS32, FLT_FINIT_MODULE_FLAGS)};
static const struct evt_param p_init_module[] = {RES, PN("img", FT_BYTEBUF),
						 PN("length", FT_UINT64), PN("uargs", FT_CHARBUF)};
static const struct evt_param p_link[] = {RES, PN("oldpath", FT_FSPATH), PN("newpath", FT_FSPATH)};
static const struct evt_param p_linkat[] = {RES,
					    PN("olddir", FT_FD),
					    PN("oldpath", FT_FSRELPATH),
					    PN("newdir", FT_FD),
					    PN("newpath", FT_FSRELPATH),
					    PF("flags", FT_FLAGS32, FLT_LINKAT_FLAGS)};
static const struct evt_param p_listen[] = {RES, PN("fd", FT_FD), PN("backlog", FT_INT32)};
static const struct evt_param p_mkdir[] = {RES, PN("path", FT_FSPATH), PN("mode", FT_UINT32)};
static const struct evt_param p_mkdirat[] = {RES, PN("dirfd", FT_FD), PN("path", FT_FSRELPATH),
					     PN("mode", FT_UINT32)};
static const struct evt_param p_open[] = {
	PN("fd", FT_FD),       PN("name", FT_FSPATH), PF("flags", FT_FLAGS32, FLT_FILE_FLAGS),
	PN("mode", FT_UINT32), PN("dev", FT_UINT32),  PN("ino", FT_UINT64)};
static const struct evt_param p_openat[] = {
	PN("fd", FT_FD),	  PN("dirfd", FT_FD),
	PN("name", FT_FSRELPATH), PF("flags", FT_FLAGS32, FLT_FILE_FLAGS),
	PN("mode", FT_UINT32),	  PN("dev", FT_UINT32),
	PN("ino", FT_UINT64)};
static const struct evt_param p_openat2[] = {
	PN("fd", FT_FD),	  PN("dirfd", FT_FD),
	PN("name", FT_FSRELPATH), PF("flags", FT_FLAGS32, FLT_FILE_FLAGS),
	PN("mode", FT_UINT32),	  PF("resolve", FT_FLAGS32, FLT_OPENAT2_FLAGS),
	PN("dev", FT_UINT32),	  PN("ino", FT_UINT64)};
static const struct evt_param p_ptrace[] = {
	RES, PK("addr", FT_UINT64, PK_DYN), PK("data", FT_UINT64, PK_DYN),
	PF("request", FT_FLAGS16, FLT_PTRACE_REQUESTS), PN("pid", FT_PID)};
static const struct evt_param p_recvfrom[] = {RES, PN("data", FT_BYTEBUF), TUPLE, PN("fd", FT_FD),
					      PN("size", FT_UINT32)};
static const struct evt_param p_recvmsg[] = {
	RES,   PN("size", FT_UINT32),	     PN("data", FT_BYTEBUF),
	TUPLE, PN("msgcontrol", FT_BYTEBUF), PN("fd", FT_FD)};
static const struct evt_param p_rename[] = {RES, PN("oldpath", FT_FSPATH),
					    PN("newpath", FT_FSPATH)};
static const struct evt_param p_renameat[] = {RES, PN("olddirfd", FT_FD),
					      PN("oldpath", FT_FSRELPATH), PN("newdirfd", FT_FD),
					      PN("newpath", FT_FSRELPATH)};
static const struct evt_param p_renameat2[] = {RES,
					       PN("olddirfd", FT_FD),
					       PN("oldpath", FT_FSRELPATH),
					       PN("newdirfd", FT_FD),
					       PN("newpath", FT_FSRELPATH),
					       PF("flags", FT_FLAGS32, FLT_RENAMEAT2_FLAGS)};
static const struct evt_param p_rmdir[] = {RES, PN("path", FT_FSPATH)};
static const struct evt_param p_sendto[] = {RES, PN("data", FT_BYTEBUF), PN("fd", FT_FD),
					    PN("size", FT_UINT32), TUPLE};
static const struct evt_param p_setns[] = {RES, PN("fd", FT_FD),
					   PF("nstype", FT_FLAGS32, FLT_CLONE_FLAGS)};
static const struct evt_param p_setuid[] = {RES, PK("uid", FT_UINT32, PK_UID)};
static const struct evt_param p_setgid[] = {RES, PK("gid", FT_UINT32, PK_GID)};
static const struct evt_param p_setresuid[] = {RES, PK("ruid", FT_UINT32, PK_UID),
					       PK("euid", FT_UINT32, PK_UID),
					       PK("suid", FT_UINT32, PK_UID)};
static const struct evt_param p_setresgid[] = {RES, PK("rgid", FT_UINT32, PK_GID),
					       PK("egid", FT_UINT32, PK_GID),
					       PK("sgid", FT_UINT32, PK_GID)};
static const struct evt_param p_socket[] = {
	PN("fd", FT_FD), PF("domain", FT_FLAGS32, FLT_SOCKET_FAMILIES), PN("type", FT_UINT32),
	PN("proto", FT_UINT32), PF("flags", FT_FLAGS32, FLT_FD_FLAGS)};
static const struct evt_param p_symlink[] = {RES, PN("target", FT_CHARBUF),
					     PN("linkpath", FT_FSPATH)};
static const struct evt_param p_symlinkat[] = {
	RES, PN("target", FT_CHARBUF), PN("linkdirfd", FT_FD), PN("linkpath", FT_FSRELPATH)};
static const struct evt_param p_unlink[] = {RES, PN("path", FT_FSPATH)};
static const struct evt_param p_unlinkat[] = {RES, PN("dirfd", FT_FD), PN("name", FT_FSRELPATH),
					      PF("flags", FT_FLAGS32, FLT_UNLINKAT_FLAGS)};
static const struct evt_param p_unshare[] = {RES, PF("flags", FT_FLAGS32, FLT_CLONE_FLAGS)};
static const struct evt_param p_userfaultfd[] = {RES, PF("flags", FT_FLAGS32, FLT_FD_FLAGS)};
static const struct evt_param p_close[] = {RES, PN("fd", FT_FD)};
static const struct evt_param p_chdir[] = {RES, PN("path", FT_CHARBUF)};
static const struct evt_param p_fchdir[] = {RES, PN("fd", FT_FD)};
static const struct evt_param p_kill[] = {RES, PN("pid", FT_PID), PN("sig", FT_SIGTYPE)};
static const struct evt_param p_prctl[] = {RES, PF("option", FT_FLAGS32, FLT_PRCTL_OPTIONS),
					   PN("arg2_str", FT_CHARBUF), PN("arg2_int", FT_INT64)};
static const struct evt_param p_mount[] = {RES, PN("dev", FT_CHARBUF), PN("dir", FT_FSPATH),
					   PN("type", FT_CHARBUF),
					   PF("flags", FT_FLAGS32, FLT_MOUNT_FLAGS)};
static const struct evt_param p_umount2[] = {RES, PN("name", FT_FSPATH),
					     PF("flags", FT_FLAGS32, FLT_UMOUNT_FLAGS)};
static const struct evt_param p_memfd_create[] = {PN("fd", FT_FD), PN("name", FT_CHARBUF),
						  PF("flags", FT_FLAGS32, FLT_MEMFD_CREATE_FLAGS)};
static const struct evt_param p_rw[] = {RES, PN("data", FT_BYTEBUF), PN("fd", FT_FD),
					PN("size", FT_UINT32)};
static const struct evt_param p_prw[] = {RES, PN("data", FT_BYTEBUF), PN("fd", FT_FD),
					 PN("size", FT_UINT32), PN("pos", FT_UINT64)};
static const struct evt_param p_chroot[] = {RES, PN("path", FT_FSPATH)};
static const struct evt_param p_setsid[] = {PN("res", FT_PID)};
static const struct evt_param p_umount[] = {RES, PN("name", FT_FSPATH)};
/* meta / tracepoint events */
static const struct evt_param p_switch[] = {PN("next", FT_PID),	       PN("pgft_maj", FT_UINT64),
					    PN("pgft_min", FT_UINT64), PN("vm_size", FT_UINT32),
					    PN("vm_rss", FT_UINT32),   PN("vm_swap", FT_UINT32)};
static const struct evt_param p_procexit[] = {PN("status", FT_ERRNO), PN("ret", FT_ERRNO),
					      PN("sig", FT_SIGTYPE), PN("core", FT_UINT8),
					      PN("reaper_tid", FT_PID)};
static const struct evt_param p_signaldeliver[] = {PN("spid", FT_PID), PN("dpid", FT_PID),
						   PN("sig", FT_SIGTYPE)};
static const struct evt_param p_container[] = {PN("json", FT_CHARBUF)};
static const struct evt_param p_pluginevent[] = {PN("plugin_id", FT_UINT32),
						 PN("event_data", FT_BYTEBUF)};
static const struct evt_param p_asyncevent[] = {PN("plugin_id", FT_UINT32), PN("name", FT_CHARBUF),
						PN("data", FT_BYTEBUF)};

struct detail {
	int id;
	const char *falco_name; /* NULL: same as the id's own name */
	unsigned flags;
	const struct evt_param *params;
	int nparams;
};

enum {
	CFD = EF_CREATES_FD | EF_MODIFIES_STATE,
	UFD = EF_USES_FD,
	MOD = EF_MODIFIES_STATE,
};

#define D(id, fl, p)                                                                               \
	{                                                                                          \
		id, NULL, fl, p, NELEM(p)                                                          \
	}
#define DN(id, name, fl, p)                                                                        \
	{                                                                                          \
		id, name, fl, p, NELEM(p)                                                          \
	}
static const struct detail details[] = {
	D(EVT_accept, CFD, p_accept),
	D(EVT_accept4, CFD, p_accept4),
	D(EVT_bpf, EF_CREATES_FD, p_bpf),
	D(EVT_chmod, 0, p_chmod),
	D(EVT_bind, UFD | MOD, p_bind),
	D(EVT_connect, UFD | MOD, p_connect),
	D(EVT_creat, CFD, p_creat),
	D(EVT_dup, CFD | UFD, p_dup),
	D(EVT_dup2, CFD | UFD, p_dup2),
	D(EVT_dup3, CFD | UFD, p_dup3),
	D(EVT_execve, MOD, p_execve),
	D(EVT_execveat, MOD, p_execveat),
	D(EVT_fchmod, UFD, p_fchmod),
	D(EVT_fchmodat, UFD, p_fchmodat),
	D(EVT_finit_module, UFD | EF_READS_FROM_FD, p_finit_module),
	D(EVT_init_module, 0, p_init_module),
	D(EVT_link, 0, p_link),
	D(EVT_linkat, 0, p_linkat),
	D(EVT_listen, UFD, p_listen),
	D(EVT_mkdir, 0, p_mkdir),
	D(EVT_mkdirat, UFD, p_mkdirat),
	D(EVT_newfstatat, UFD, p_newfstatat),
	D(EVT_open, CFD, p_open),
	D(EVT_openat, CFD, p_openat),
	D(EVT_openat2, CFD, p_openat2),
	D(EVT_ptrace, 0, p_ptrace),
	D(EVT_recvfrom, UFD | EF_READS_FROM_FD | MOD, p_recvfrom),
	D(EVT_recvmsg, UFD | EF_READS_FROM_FD | MOD, p_recvmsg),
	D(EVT_rename, 0, p_rename),
	D(EVT_renameat, 0, p_renameat),
	D(EVT_renameat2, 0, p_renameat2),
	D(EVT_rmdir, 0, p_rmdir),
	D(EVT_sendmsg, UFD | EF_WRITES_TO_FD | MOD, p_sendto),
	D(EVT_sendto, UFD | EF_WRITES_TO_FD | MOD, p_sendto),
	D(EVT_setns, UFD, p_setns),
	D(EVT_setuid, MOD, p_setuid),
	D(EVT_socket, CFD, p_socket),
	D(EVT_symlink, 0, p_symlink),
	D(EVT_symlinkat, UFD, p_symlinkat),
	D(EVT_unlink, 0, p_unlink),
	D(EVT_unlinkat, UFD, p_unlinkat),
	D(EVT_unshare, 0, p_unshare),
	D(EVT_userfaultfd, CFD, p_userfaultfd),
	D(EVT_clone, MOD, p_clone),
	D(EVT_fork, MOD, p_clone),
	D(EVT_vfork, MOD, p_clone),
	D(EVT_clone3, MOD, p_clone),
	D(EVT_close, EF_DESTROYS_FD | UFD | MOD, p_close),
	D(EVT_chdir, MOD, p_chdir),
	D(EVT_fchdir, UFD | MOD, p_fchdir),
	D(EVT_kill, 0, p_kill),
	D(EVT_prctl, MOD, p_prctl),
	D(EVT_mount, MOD, p_mount),
	D(EVT_umount2, MOD, p_umount2),
	D(EVT_setgid, MOD, p_setgid),
	D(EVT_setresuid, MOD, p_setresuid),
	D(EVT_setresgid, MOD, p_setresgid),
	D(EVT_memfd_create, CFD, p_memfd_create),
	D(EVT_read, UFD | EF_READS_FROM_FD, p_rw),
	D(EVT_write, UFD | EF_WRITES_TO_FD, p_rw),
	DN(EVT_pread64, "pread", UFD | EF_READS_FROM_FD, p_prw),
	DN(EVT_pwrite64, "pwrite", UFD | EF_WRITES_TO_FD, p_prw),
	DN(EVT_prlimit64, "prlimit", EF_GENERIC, p_generic),
	D(EVT_chroot, MOD, p_chroot),
	D(EVT_setsid, MOD, p_setsid),
	D(EVT_umount, MOD | EF_NO_X86_64, p_umount),
	D(EVT_switch, EF_META, p_switch),
	D(EVT_procexit, EF_META | MOD, p_procexit),
	D(EVT_signaldeliver, EF_META, p_signaldeliver),
	D(EVT_container, EF_META | MOD, p_container),
	D(EVT_pluginevent, EF_META, p_pluginevent),
	D(EVT_asyncevent, EF_META, p_asyncevent),
};

/* Falco event names that are x86_64 non-syscalls we know as "not on this architecture". */
static const int no_x86_64[] = {EVT_socketcall, EVT_send,   EVT_recv,  EVT_stat64,   EVT_lstat64,
				EVT_fstat64,	EVT_llseek, EVT_mmap2, EVT_sigreturn};

static struct evt_info infos[EVT_COUNT];
static const char *own_names[EVT_COUNT] = {
#define SYSCALL(name, nr) #name,
#include "syscalls_list.h"
#undef SYSCALL
#define EVT_EXTRA(name) #name,
	EVT_EXTRA_LIST
#undef EVT_EXTRA
};
static const int own_nrs[EVT_COUNT] = {
#define SYSCALL(name, nr) nr,
#include "syscalls_list.h"
#undef SYSCALL
#define EVT_EXTRA(name) -1,
	EVT_EXTRA_LIST
#undef EVT_EXTRA
};

/* Every distinct parameter name, for evt_param_name_known / evt_param_name_prefix. */
static const char *pnames[256];
static int npnames;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void add_pname(const char *n)
{
	for (int i = 0; i < npnames; i++)
		if (strcmp(pnames[i], n) == 0)
			return;
	if (npnames < NELEM(pnames))
		pnames[npnames++] = n;
}

static void init(void)
{
	for (int id = 0; id < EVT_COUNT; id++) {
		struct evt_info *e = &infos[id];
		e->id = (enum evt_id)id;
		e->name = own_names[id];
		e->nr = own_nrs[id];
		e->sysname = e->nr >= 0 ? own_names[id] : NULL;
		e->flags = e->nr >= 0 ? EF_GENERIC : EF_META;
		e->params = e->nr >= 0 ? p_generic : NULL;
		e->nparams = e->nr >= 0 ? NELEM(p_generic) : 0;
	}
	for (int i = 0; i < NELEM(no_x86_64); i++)
		infos[no_x86_64[i]].flags = EF_NO_X86_64;
	for (int i = 0; i < NELEM(details); i++) {
		struct evt_info *e = &infos[details[i].id];
		if (details[i].falco_name)
			e->name = details[i].falco_name;
		e->flags = details[i].flags;
		e->params = details[i].params;
		e->nparams = details[i].nparams;
	}
	for (int id = 0; id < EVT_COUNT; id++)
		for (int k = 0; k < infos[id].nparams; k++)
			add_pname(infos[id].params[k].name);
}

static void ensure(void)
{
	pthread_once(&once, init);
}

int evt_count(void)
{
	return EVT_COUNT;
}

const struct evt_info *evt_info(int id)
{
	if (id < 0 || id >= EVT_COUNT)
		return NULL;
	ensure();
	return &infos[id];
}

const char *evt_name(int id)
{
	const struct evt_info *e = evt_info(id);
	return e ? e->name : NULL;
}

int evt_lookup(const char *name)
{
	if (!name)
		return -1;
	ensure();
	for (int id = 0; id < EVT_COUNT; id++)
		if (strcmp(own_names[id], name) == 0 || strcmp(infos[id].name, name) == 0)
			return id;
	return -1;
}

int evt_of_syscall(int nr)
{
	const char *n = syscall_name(nr);
	return n ? evt_lookup(n) : -1;
}

const struct evt_param *evt_param_by_name(int id, const char *name, int *index)
{
	const struct evt_info *e = evt_info(id);
	if (!e || !name)
		return NULL;
	for (int i = 0; i < e->nparams; i++)
		if (strcmp(e->params[i].name, name) == 0) {
			if (index)
				*index = i;
			return &e->params[i];
		}
	return NULL;
}

bool evt_param_name_known(const char *name)
{
	if (!name)
		return false;
	ensure();
	for (int i = 0; i < npnames; i++)
		if (strcmp(pnames[i], name) == 0)
			return true;
	return false;
}

size_t evt_param_name_prefix(const char *text)
{
	size_t best = 0;
	if (!text)
		return 0;
	ensure();
	for (int i = 0; i < npnames; i++) {
		size_t n = strlen(pnames[i]);
		if (n > best && strncmp(text, pnames[i], n) == 0)
			best = n;
	}
	return best;
}

/* ---- event-type sets ---- */

void evtset_none(struct evtset *s)
{
	memset(s->bits, 0, sizeof(s->bits));
}

void evtset_all(struct evtset *s)
{
	evtset_none(s);
	evtset_complement(s);
}

void evtset_set(struct evtset *s, int id)
{
	if (id >= 0 && id < EVT_COUNT)
		s->bits[id / 8] |= (uint8_t)(1u << (id % 8));
}

void evtset_clear(struct evtset *s, int id)
{
	if (id >= 0 && id < EVT_COUNT)
		s->bits[id / 8] &= (uint8_t) ~(1u << (id % 8));
}

bool evtset_test(const struct evtset *s, int id)
{
	return id >= 0 && id < EVT_COUNT && (s->bits[id / 8] >> (id % 8)) & 1;
}

void evtset_union(struct evtset *dst, const struct evtset *src)
{
	for (size_t i = 0; i < EVTSET_BYTES; i++)
		dst->bits[i] |= src->bits[i];
}

void evtset_intersect(struct evtset *dst, const struct evtset *src)
{
	for (size_t i = 0; i < EVTSET_BYTES; i++)
		dst->bits[i] &= src->bits[i];
}

void evtset_complement(struct evtset *s)
{
	for (size_t i = 0; i < EVTSET_BYTES; i++)
		s->bits[i] = (uint8_t)~s->bits[i];
	/* keep the padding bits past EVT_COUNT clear so count/equal stay exact */
	if (EVT_COUNT % 8)
		s->bits[EVTSET_BYTES - 1] &= (uint8_t)((1u << (EVT_COUNT % 8)) - 1);
}

size_t evtset_count(const struct evtset *s)
{
	size_t n = 0;
	for (size_t i = 0; i < EVTSET_BYTES; i++)
		n += (size_t)__builtin_popcount(s->bits[i]);
	return n;
}

bool evtset_equal(const struct evtset *a, const struct evtset *b)
{
	return memcmp(a->bits, b->bits, EVTSET_BYTES) == 0;
}

bool evtset_is_all(const struct evtset *s)
{
	return evtset_count(s) == EVT_COUNT;
}

int evtset_next(const struct evtset *s, int from)
{
	for (int id = from < 0 ? 0 : from; id < EVT_COUNT; id++)
		if (evtset_test(s, id))
			return id;
	return -1;
}
