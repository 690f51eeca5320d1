/* flags.c — Falco's flag/enum tables over raw Linux x86_64 values (see flags.h).
 *
 * Names and their order are Falco's (libs driver/flags_table.c); values are Linux's, taken from
 * the system headers where glibc exposes them and spelled out (with the header they come from)
 * where it does not. Falco's PPM conversion (driver ppm_flag_helpers.h open_flags_to_scap) is
 * folded into the entries: access mode 0 → O_RDONLY, and `flags & O_SYNC` / `flags & O_TMPFILE`
 * are any-bit tests, so O_DSYNC alone also prints O_SYNC and O_DIRECTORY alone also prints
 * O_TMPFILE, exactly like Falco.
 */
#include "flags.h"

#include "common/xalloc.h"

#include <fcntl.h>
#include <inttypes.h>
#include <linux/bpf.h>
#include <linux/openat2.h>
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>

#define B(name, v)                                                                                 \
	{                                                                                          \
		name, FM_EQ, (uint64_t)(v), (uint64_t)(v)                                          \
	}
#define F(name, m, v)                                                                              \
	{                                                                                          \
		name, FM_EQ, (uint64_t)(m), (uint64_t)(v)                                          \
	}
#define ANY(name, m)                                                                               \
	{                                                                                          \
		name, FM_ANY, (uint64_t)(m), 0                                                     \
	}
#define ZERO(name)                                                                                 \
	{                                                                                          \
		name, FM_ZERO, 0, 0                                                                \
	}
#define E(name, v)                                                                                 \
	{                                                                                          \
		name, FM_EQ, UINT64_MAX, (uint64_t)(v)                                             \
	}

/* Kernel O_* values the x86_64 glibc headers hide or define as 0. */
#define K_O_LARGEFILE 0100000 /* asm-generic/fcntl.h; glibc makes O_LARGEFILE 0 on 64-bit */

/* The open flags other than the access mode, in Falco's order (file_flags and fd_flags). */
#define OPEN_STATUS_BITS                                                                           \
	B("O_LARGEFILE", K_O_LARGEFILE), B("O_DIRECTORY", O_DIRECTORY), B("O_DIRECT", O_DIRECT),   \
		B("O_TRUNC", O_TRUNC), ANY("O_SYNC", O_SYNC), B("O_NONBLOCK", O_NONBLOCK),         \
		B("O_EXCL", O_EXCL), B("O_DSYNC", O_DSYNC), B("O_APPEND", O_APPEND),               \
		B("O_CREAT", O_CREAT)

static const struct flag_entry file_flags[] = {
	OPEN_STATUS_BITS,
	F("O_RDWR", O_ACCMODE, O_RDWR),
	F("O_WRONLY", O_ACCMODE, O_WRONLY),
	F("O_RDONLY", O_ACCMODE, O_RDONLY),
	/* access mode 3 (both bits): Falco's conversion falls to its default, O_RDONLY */
	F("O_RDONLY", O_ACCMODE, O_ACCMODE),
	B("O_CLOEXEC", O_CLOEXEC),
	ZERO("O_NONE"),
	ANY("O_TMPFILE", O_TMPFILE),
	B("O_F_CREATED", FLAG_SYN_O_F_CREATED),
	B("FD_UPPER_LAYER", FLAG_SYN_FD_UPPER_LAYER),
	B("FD_LOWER_LAYER", FLAG_SYN_FD_LOWER_LAYER),
};

/* file_flags names for params that carry no access mode (dup3, socket, pipe2, userfaultfd...):
 * Falco converts only the bits present, so 0 renders O_NONE. */
static const struct flag_entry fd_flags[] = {
	OPEN_STATUS_BITS,
	B("O_CLOEXEC", O_CLOEXEC),
	ZERO("O_NONE"),
};

static const struct flag_entry creat_flags[] = {
	B("FD_UPPER_LAYER_CREAT", FLAG_SYN_CREAT_UPPER_LAYER),
	B("FD_LOWER_LAYER_CREAT", FLAG_SYN_CREAT_LOWER_LAYER),
};

static const struct flag_entry clone_flags[] = {
	B("CLONE_FILES", CLONE_FILES),
	B("CLONE_FS", CLONE_FS),
	B("CLONE_IO", CLONE_IO),
	B("CLONE_NEWIPC", CLONE_NEWIPC),
	B("CLONE_NEWNET", CLONE_NEWNET),
	B("CLONE_NEWNS", CLONE_NEWNS),
	B("CLONE_NEWPID", CLONE_NEWPID),
	B("CLONE_NEWUTS", CLONE_NEWUTS),
	B("CLONE_PARENT", CLONE_PARENT),
	B("CLONE_PARENT_SETTID", CLONE_PARENT_SETTID),
	B("CLONE_PTRACE", CLONE_PTRACE),
	B("CLONE_SIGHAND", CLONE_SIGHAND),
	B("CLONE_SYSVSEM", CLONE_SYSVSEM),
	B("CLONE_THREAD", CLONE_THREAD),
	B("CLONE_UNTRACED", CLONE_UNTRACED),
	B("CLONE_VM", CLONE_VM),
	B("CLONE_INVERTED", FLAG_SYN_CLONE_INVERTED),
	B("NAME_CHANGED", FLAG_SYN_CLONE_NAME_CHANGED),
	B("CLOSED", FLAG_SYN_CLONE_CLOSED),
	B("CLONE_NEWUSER", CLONE_NEWUSER),
	B("CLONE_CHILD_CLEARTID", CLONE_CHILD_CLEARTID),
	B("CLONE_CHILD_SETTID", CLONE_CHILD_SETTID),
	B("CLONE_SETTLS", CLONE_SETTLS),
	/* CLONE_STOPPED: its old bit is CLONE_NEWCGROUP today; Linux never reports it. */
	B("CLONE_VFORK", CLONE_VFORK),
	B("CLONE_NEWCGROUP", CLONE_NEWCGROUP),
	B("CLONE_CHILD_IN_PIDNS", FLAG_SYN_CLONE_CHILD_IN_PIDNS),
};

static const struct flag_entry chmod_mode[] = {
	B("S_IXOTH", S_IXOTH), B("S_IWOTH", S_IWOTH), B("S_IROTH", S_IROTH), B("S_IXGRP", S_IXGRP),
	B("S_IWGRP", S_IWGRP), B("S_IRGRP", S_IRGRP), B("S_IXUSR", S_IXUSR), B("S_IWUSR", S_IWUSR),
	B("S_IRUSR", S_IRUSR), B("S_ISVTX", S_ISVTX), B("S_ISGID", S_ISGID), B("S_ISUID", S_ISUID),
};

static const struct flag_entry mknod_mode[] = {
	B("S_IXOTH", S_IXOTH),		 B("S_IWOTH", S_IWOTH),
	B("S_IROTH", S_IROTH),		 B("S_IXGRP", S_IXGRP),
	B("S_IWGRP", S_IWGRP),		 B("S_IRGRP", S_IRGRP),
	B("S_IXUSR", S_IXUSR),		 B("S_IWUSR", S_IWUSR),
	B("S_IRUSR", S_IRUSR),		 B("S_ISVTX", S_ISVTX),
	B("S_ISGID", S_ISGID),		 B("S_ISUID", S_ISUID),
	F("S_IFREG", S_IFMT, S_IFREG),	 F("S_IFCHR", S_IFMT, S_IFCHR),
	F("S_IFBLK", S_IFMT, S_IFBLK),	 F("S_IFIFO", S_IFMT, S_IFIFO),
	F("S_IFSOCK", S_IFMT, S_IFSOCK),
};

static const struct flag_entry execve_flags[] = {
	B("EXE_WRITABLE", FLAG_SYN_EXE_WRITABLE),
	B("EXE_UPPER_LAYER", FLAG_SYN_EXE_UPPER_LAYER),
	B("EXE_FROM_MEMFD", FLAG_SYN_EXE_FROM_MEMFD),
	B("EXE_LOWER_LAYER", FLAG_SYN_EXE_LOWER_LAYER),
};

static const struct flag_entry execveat_flags[] = {
	B("AT_EMPTY_PATH", AT_EMPTY_PATH),
	B("AT_SYMLINK_NOFOLLOW", AT_SYMLINK_NOFOLLOW),
};

static const struct flag_entry unlinkat_flags[] = {
	B("AT_REMOVEDIR", AT_REMOVEDIR),
};

static const struct flag_entry linkat_flags[] = {
	B("AT_SYMLINK_FOLLOW", AT_SYMLINK_FOLLOW),
	B("AT_EMPTY_PATH", AT_EMPTY_PATH),
};

static const struct flag_entry newfstatat_flags[] = {
	B("AT_EMPTY_PATH", AT_EMPTY_PATH),
	B("AT_NO_AUTOMOUNT", AT_NO_AUTOMOUNT),
	B("AT_SYMLINK_NOFOLLOW", AT_SYMLINK_NOFOLLOW),
};

static const struct flag_entry renameat2_flags[] = {
	B("RENAME_NOREPLACE", RENAME_NOREPLACE),
	B("RENAME_EXCHANGE", RENAME_EXCHANGE),
	B("RENAME_WHITEOUT", RENAME_WHITEOUT),
};

static const struct flag_entry openat2_flags[] = {
	B("RESOLVE_BENEATH", RESOLVE_BENEATH),
	B("RESOLVE_IN_ROOT", RESOLVE_IN_ROOT),
	B("RESOLVE_NO_MAGICLINKS", RESOLVE_NO_MAGICLINKS),
	B("RESOLVE_NO_SYMLINKS", RESOLVE_NO_SYMLINKS),
	B("RESOLVE_NO_XDEV", RESOLVE_NO_XDEV),
	B("RESOLVE_CACHED", RESOLVE_CACHED),
};

static const struct flag_entry access_flags[] = {
	ZERO("F_OK"),
	B("R_OK", R_OK),
	B("W_OK", W_OK),
	B("X_OK", X_OK),
};

/* MS_* from <sys/mount.h>; the kernel-internal ones (uapi/linux/mount.h) spelled out. */
static const struct flag_entry mount_flags[] = {
	B("RDONLY", MS_RDONLY),
	B("NOSUID", MS_NOSUID),
	B("NODEV", MS_NODEV),
	B("NOEXEC", MS_NOEXEC),
	B("SYNCHRONOUS", MS_SYNCHRONOUS),
	B("REMOUNT", MS_REMOUNT),
	B("MANDLOCK", MS_MANDLOCK),
	B("DIRSYNC", MS_DIRSYNC),
	B("NOATIME", MS_NOATIME),
	B("NODIRATIME", MS_NODIRATIME),
	B("BIND", MS_BIND),
	B("MOVE", MS_MOVE),
	B("REC", MS_REC),
	B("SILENT", MS_SILENT),
	B("POSIXACL", MS_POSIXACL),
	B("UNBINDABLE", MS_UNBINDABLE),
	B("PRIVATE", MS_PRIVATE),
	B("SLAVE", MS_SLAVE),
	B("SHARED", MS_SHARED),
	B("RELATIME", MS_RELATIME),
	B("KERNMOUNT", MS_KERNMOUNT),
	B("I_VERSION", MS_I_VERSION),
	B("STRICTATIME", MS_STRICTATIME),
	B("LAZYTIME", MS_LAZYTIME),
	B("NOSEC", 1UL << 28),
	B("BORN", 1UL << 29),
	B("ACTIVE", MS_ACTIVE),
	B("NOUSER", MS_NOUSER),
};

static const struct flag_entry umount_flags[] = {
	B("FORCE", MNT_FORCE),
	B("DETACH", MNT_DETACH),
	B("EXPIRE", MNT_EXPIRE),
	B("NOFOLLOW", UMOUNT_NOFOLLOW),
};

static const struct flag_entry memfd_create_flags[] = {
	B("MFD_CLOEXEC", MFD_CLOEXEC),
	B("MFD_ALLOW_SEALING", MFD_ALLOW_SEALING),
	B("MFD_HUGETLB", MFD_HUGETLB),
};

static const struct flag_entry finit_module_flags[] = {
	B("MODULE_INIT_IGNORE_MODVERSIONS", 1), /* uapi/linux/module.h */
	B("MODULE_INIT_IGNORE_VERMAGIC", 2),
	B("MODULE_INIT_COMPRESSED_FILE", 4),
};

static const struct flag_entry prot_flags[] = {
	B("PROT_READ", PROT_READ),
	B("PROT_WRITE", PROT_WRITE),
	B("PROT_EXEC", PROT_EXEC),
	B("PROT_SEM", 0x8), /* asm-generic/mman-common.h */
	B("PROT_GROWSDOWN", PROT_GROWSDOWN),
	B("PROT_GROWSUP", PROT_GROWSUP),
	/* PROT_SAO is powerpc-only */
	ZERO("PROT_NONE"),
};

static const struct flag_entry mmap_flags[] = {
	F("MAP_SHARED", MAP_TYPE, MAP_SHARED),
	F("MAP_PRIVATE", MAP_TYPE, MAP_PRIVATE),
	B("MAP_FIXED", MAP_FIXED),
	B("MAP_ANONYMOUS", MAP_ANONYMOUS),
	B("MAP_32BIT", MAP_32BIT),
	B("MAP_NORESERVE", MAP_NORESERVE),
	B("MAP_POPULATE", MAP_POPULATE),
	B("MAP_NONBLOCK", MAP_NONBLOCK),
	B("MAP_GROWSDOWN", MAP_GROWSDOWN),
	B("MAP_DENYWRITE", MAP_DENYWRITE),
	B("MAP_EXECUTABLE", MAP_EXECUTABLE),
	B("MAP_LOCKED", MAP_LOCKED),
};

/* ---- enum tables: first entry whose value equals raw wins (Falco's order decides aliases:
 * AF_LOCAL before AF_UNIX, AF_ROUTE before AF_NETLINK, BPF_PROG_TEST_RUN before BPF_PROG_RUN) */

static const struct flag_entry ptrace_requests[] = {
	E("PTRACE_SINGLEBLOCK", PTRACE_SINGLEBLOCK),
	E("PTRACE_SYSEMU_SINGLESTEP", PTRACE_SYSEMU_SINGLESTEP),
	E("PTRACE_SYSEMU", PTRACE_SYSEMU),
	E("PTRACE_ARCH_PRCTL", PTRACE_ARCH_PRCTL),
	E("PTRACE_SET_THREAD_AREA", PTRACE_SET_THREAD_AREA),
	E("PTRACE_GET_THREAD_AREA", PTRACE_GET_THREAD_AREA),
	E("PTRACE_OLDSETOPTIONS", 21), /* asm/ptrace-abi.h */
	E("PTRACE_SETFPXREGS", PTRACE_SETFPXREGS),
	E("PTRACE_GETFPXREGS", PTRACE_GETFPXREGS),
	E("PTRACE_SETFPREGS", PTRACE_SETFPREGS),
	E("PTRACE_GETFPREGS", PTRACE_GETFPREGS),
	E("PTRACE_SETREGS", PTRACE_SETREGS),
	E("PTRACE_GETREGS", PTRACE_GETREGS),
	E("PTRACE_SETSIGMASK", PTRACE_SETSIGMASK),
	E("PTRACE_GETSIGMASK", PTRACE_GETSIGMASK),
	E("PTRACE_PEEKSIGINFO", PTRACE_PEEKSIGINFO),
	E("PTRACE_LISTEN", PTRACE_LISTEN),
	E("PTRACE_INTERRUPT", PTRACE_INTERRUPT),
	E("PTRACE_SEIZE", PTRACE_SEIZE),
	E("PTRACE_SETREGSET", PTRACE_SETREGSET),
	E("PTRACE_GETREGSET", PTRACE_GETREGSET),
	E("PTRACE_SETSIGINFO", PTRACE_SETSIGINFO),
	E("PTRACE_GETSIGINFO", PTRACE_GETSIGINFO),
	E("PTRACE_GETEVENTMSG", PTRACE_GETEVENTMSG),
	E("PTRACE_SETOPTIONS", PTRACE_SETOPTIONS),
	E("PTRACE_SYSCALL", PTRACE_SYSCALL),
	E("PTRACE_DETACH", PTRACE_DETACH),
	E("PTRACE_ATTACH", PTRACE_ATTACH),
	E("PTRACE_SINGLESTEP", PTRACE_SINGLESTEP),
	E("PTRACE_KILL", PTRACE_KILL),
	E("PTRACE_CONT", PTRACE_CONT),
	E("PTRACE_POKEUSR", PTRACE_POKEUSER),
	E("PTRACE_POKEDATA", PTRACE_POKEDATA),
	E("PTRACE_POKETEXT", PTRACE_POKETEXT),
	E("PTRACE_PEEKUSR", PTRACE_PEEKUSER),
	E("PTRACE_PEEKDATA", PTRACE_PEEKDATA),
	E("PTRACE_PEEKTEXT", PTRACE_PEEKTEXT),
	E("PTRACE_TRACEME", PTRACE_TRACEME),
};

static const struct flag_entry socket_families[] = {
	E("AF_NFC", AF_NFC),
	E("AF_ALG", AF_ALG),
	E("AF_CAIF", AF_CAIF),
	E("AF_IEEE802154", AF_IEEE802154),
	E("AF_PHONET", AF_PHONET),
	E("AF_ISDN", AF_ISDN),
	E("AF_RXRPC", AF_RXRPC),
	E("AF_IUCV", AF_IUCV),
	E("AF_BLUETOOTH", AF_BLUETOOTH),
	E("AF_TIPC", AF_TIPC),
	E("AF_CAN", AF_CAN),
	E("AF_LLC", AF_LLC),
	E("AF_WANPIPE", AF_WANPIPE),
	E("AF_PPPOX", AF_PPPOX),
	E("AF_IRDA", AF_IRDA),
	E("AF_SNA", AF_SNA),
	E("AF_RDS", AF_RDS),
	E("AF_ATMSVC", AF_ATMSVC),
	E("AF_ECONET", AF_ECONET),
	E("AF_ASH", AF_ASH),
	E("AF_PACKET", AF_PACKET),
	E("AF_ROUTE", AF_ROUTE),
	E("AF_NETLINK", AF_NETLINK),
	E("AF_KEY", AF_KEY),
	E("AF_SECURITY", AF_SECURITY),
	E("AF_NETBEUI", AF_NETBEUI),
	E("AF_DECnet", AF_DECnet),
	E("AF_ROSE", AF_ROSE),
	E("AF_INET6", AF_INET6),
	E("AF_X25", AF_X25),
	E("AF_ATMPVC", AF_ATMPVC),
	E("AF_BRIDGE", AF_BRIDGE),
	E("AF_NETROM", AF_NETROM),
	E("AF_APPLETALK", AF_APPLETALK),
	E("AF_IPX", AF_IPX),
	E("AF_AX25", AF_AX25),
	E("AF_INET", AF_INET),
	E("AF_LOCAL", AF_LOCAL),
	E("AF_UNIX", AF_UNIX),
	E("AF_UNSPEC", AF_UNSPEC),
};

static const struct flag_entry bpf_commands[] = {
	E("BPF_MAP_CREATE", BPF_MAP_CREATE),
	E("BPF_MAP_LOOKUP_ELEM", BPF_MAP_LOOKUP_ELEM),
	E("BPF_MAP_UPDATE_ELEM", BPF_MAP_UPDATE_ELEM),
	E("BPF_MAP_DELETE_ELEM", BPF_MAP_DELETE_ELEM),
	E("BPF_MAP_GET_NEXT_KEY", BPF_MAP_GET_NEXT_KEY),
	E("BPF_PROG_LOAD", BPF_PROG_LOAD),
	E("BPF_OBJ_PIN", BPF_OBJ_PIN),
	E("BPF_OBJ_GET", BPF_OBJ_GET),
	E("BPF_PROG_ATTACH", BPF_PROG_ATTACH),
	E("BPF_PROG_DETACH", BPF_PROG_DETACH),
	E("BPF_PROG_TEST_RUN", BPF_PROG_TEST_RUN),
	E("BPF_PROG_RUN", BPF_PROG_RUN),
	E("BPF_PROG_GET_NEXT_ID", BPF_PROG_GET_NEXT_ID),
	E("BPF_MAP_GET_NEXT_ID", BPF_MAP_GET_NEXT_ID),
	E("BPF_PROG_GET_FD_BY_ID", BPF_PROG_GET_FD_BY_ID),
	E("BPF_MAP_GET_FD_BY_ID", BPF_MAP_GET_FD_BY_ID),
	E("BPF_OBJ_GET_INFO_BY_FD", BPF_OBJ_GET_INFO_BY_FD),
	E("BPF_PROG_QUERY", BPF_PROG_QUERY),
	E("BPF_RAW_TRACEPOINT_OPEN", BPF_RAW_TRACEPOINT_OPEN),
	E("BPF_BTF_LOAD", BPF_BTF_LOAD),
	E("BPF_BTF_GET_FD_BY_ID", BPF_BTF_GET_FD_BY_ID),
	E("BPF_TASK_FD_QUERY", BPF_TASK_FD_QUERY),
	E("BPF_MAP_LOOKUP_AND_DELETE_ELEM", BPF_MAP_LOOKUP_AND_DELETE_ELEM),
	E("BPF_MAP_FREEZE", BPF_MAP_FREEZE),
	E("BPF_BTF_GET_NEXT_ID", BPF_BTF_GET_NEXT_ID),
	E("BPF_MAP_LOOKUP_BATCH", BPF_MAP_LOOKUP_BATCH),
	E("BPF_MAP_LOOKUP_AND_DELETE_BATCH", BPF_MAP_LOOKUP_AND_DELETE_BATCH),
	E("BPF_MAP_UPDATE_BATCH", BPF_MAP_UPDATE_BATCH),
	E("BPF_MAP_DELETE_BATCH", BPF_MAP_DELETE_BATCH),
	E("BPF_LINK_CREATE", BPF_LINK_CREATE),
	E("BPF_LINK_UPDATE", BPF_LINK_UPDATE),
	E("BPF_LINK_GET_FD_BY_ID", BPF_LINK_GET_FD_BY_ID),
	E("BPF_LINK_GET_NEXT_ID", BPF_LINK_GET_NEXT_ID),
	E("BPF_ENABLE_STATS", BPF_ENABLE_STATS),
	E("BPF_ITER_CREATE", BPF_ITER_CREATE),
	E("BPF_LINK_DETACH", BPF_LINK_DETACH),
	E("BPF_PROG_BIND_MAP", BPF_PROG_BIND_MAP),
};

static const struct flag_entry prctl_options[] = {
	E("PR_GET_DUMPABLE", PR_GET_DUMPABLE),
	E("PR_SET_DUMPABLE", PR_SET_DUMPABLE),
	E("PR_GET_KEEPCAPS", PR_GET_KEEPCAPS),
	E("PR_SET_KEEPCAPS", PR_SET_KEEPCAPS),
	E("PR_SET_NAME", PR_SET_NAME),
	E("PR_GET_NAME", PR_GET_NAME),
	E("PR_GET_SECCOMP", PR_GET_SECCOMP),
	E("PR_SET_SECCOMP", PR_SET_SECCOMP),
	E("PR_CAPBSET_READ", PR_CAPBSET_READ),
	E("PR_CAPBSET_DROP", PR_CAPBSET_DROP),
	E("PR_GET_SECUREBITS", PR_GET_SECUREBITS),
	E("PR_SET_SECUREBITS", PR_SET_SECUREBITS),
	E("PR_MCE_KILL", PR_MCE_KILL),
	E("PR_SET_MM", PR_SET_MM),
	E("PR_SET_CHILD_SUBREAPER", PR_SET_CHILD_SUBREAPER),
	E("PR_GET_CHILD_SUBREAPER", PR_GET_CHILD_SUBREAPER),
	E("PR_SET_NO_NEW_PRIVS", PR_SET_NO_NEW_PRIVS),
	E("PR_GET_NO_NEW_PRIVS", PR_GET_NO_NEW_PRIVS),
	E("PR_GET_TID_ADDRESS", PR_GET_TID_ADDRESS),
	E("PR_SET_THP_DISABLE", PR_SET_THP_DISABLE),
	E("PR_GET_THP_DISABLE", PR_GET_THP_DISABLE),
	E("PR_CAP_AMBIENT", PR_CAP_AMBIENT),
};

static const struct flag_entry fcntl_commands[] = {
	E("F_GETPIPE_SZ", F_GETPIPE_SZ), E("F_SETPIPE_SZ", F_SETPIPE_SZ),
	E("F_NOTIFY", F_NOTIFY),	 E("F_DUPFD_CLOEXEC", F_DUPFD_CLOEXEC),
	E("F_CANCELLK", 1029), /* F_LINUX_SPECIFIC_BASE + 5 */
	E("F_GETLEASE", F_GETLEASE),	 E("F_SETLEASE", F_SETLEASE),
	E("F_GETOWN_EX", F_GETOWN_EX),	 E("F_SETOWN_EX", F_SETOWN_EX),
	E("F_GETSIG", F_GETSIG),	 E("F_SETSIG", F_SETSIG),
	E("F_GETOWN", F_GETOWN),	 E("F_SETOWN", F_SETOWN),
	E("F_SETLKW", F_SETLKW),	 E("F_SETLK", F_SETLK),
	E("F_GETLK", F_GETLK),		 E("F_SETFL", F_SETFL),
	E("F_GETFL", F_GETFL),		 E("F_SETFD", F_SETFD),
	E("F_GETFD", F_GETFD),		 E("F_DUPFD", F_DUPFD),
	E("F_OFD_GETLK", F_OFD_GETLK),	 E("F_OFD_SETLK", F_OFD_SETLK),
	E("F_OFD_SETLKW", F_OFD_SETLKW),
};

struct table {
	const char *name;
	const struct flag_entry *e;
	size_t n;
	bool is_enum;
	const char *unknown; /* enum tables: Falco's name for values it does not know */
};

#define T(name, arr, en, unk)                                                                      \
	{                                                                                          \
		name, arr, sizeof(arr) / sizeof(arr[0]), en, unk                                   \
	}
static const struct table tables[FLT_COUNT] = {
	[FLT_NONE] = {"", NULL, 0, false, NULL},
	[FLT_FILE_FLAGS] = T("file_flags", file_flags, false, NULL),
	[FLT_FD_FLAGS] = T("file_flags", fd_flags, false, NULL),
	[FLT_CREAT_FLAGS] = T("creat_flags", creat_flags, false, NULL),
	[FLT_CLONE_FLAGS] = T("clone_flags", clone_flags, false, NULL),
	[FLT_CHMOD_MODE] = T("chmod_mode", chmod_mode, false, NULL),
	[FLT_MKNOD_MODE] = T("mknod_mode", mknod_mode, false, NULL),
	[FLT_EXECVE_FLAGS] = T("execve_flags", execve_flags, false, NULL),
	[FLT_EXECVEAT_FLAGS] = T("execveat_flags", execveat_flags, false, NULL),
	[FLT_UNLINKAT_FLAGS] = T("unlinkat_flags", unlinkat_flags, false, NULL),
	[FLT_LINKAT_FLAGS] = T("linkat_flags", linkat_flags, false, NULL),
	[FLT_RENAMEAT2_FLAGS] = T("renameat2_flags", renameat2_flags, false, NULL),
	[FLT_OPENAT2_FLAGS] = T("openat2_flags", openat2_flags, false, NULL),
	[FLT_ACCESS_FLAGS] = T("access_flags", access_flags, false, NULL),
	[FLT_MOUNT_FLAGS] = T("mount_flags", mount_flags, false, NULL),
	[FLT_UMOUNT_FLAGS] = T("umount_flags", umount_flags, false, NULL),
	[FLT_MEMFD_CREATE_FLAGS] = T("memfd_create_flags", memfd_create_flags, false, NULL),
	[FLT_FINIT_MODULE_FLAGS] = T("finit_module_flags", finit_module_flags, false, NULL),
	[FLT_PROT_FLAGS] = T("prot_flags", prot_flags, false, NULL),
	[FLT_MMAP_FLAGS] = T("mmap_flags", mmap_flags, false, NULL),
	[FLT_NEWFSTATAT_FLAGS] = T("newfstatat_flags", newfstatat_flags, false, NULL),
	[FLT_PTRACE_REQUESTS] = T("ptrace_requests", ptrace_requests, true, "PTRACE_UNKNOWN"),
	[FLT_SOCKET_FAMILIES] = T("socket_families", socket_families, true, NULL),
	[FLT_BPF_COMMANDS] = T("bpf_commands", bpf_commands, true, NULL),
	[FLT_PRCTL_OPTIONS] = T("prctl_options", prctl_options, true, NULL),
	[FLT_FCNTL_COMMANDS] = T("fcntl_commands", fcntl_commands, true, "UNKNOWN"),
};

static const struct table *table_of(enum flag_table t)
{
	if ((unsigned)t >= FLT_COUNT)
		return &tables[FLT_NONE];
	return &tables[t];
}

const char *flag_table_name(enum flag_table t)
{
	return table_of(t)->name;
}

bool flag_table_is_enum(enum flag_table t)
{
	return table_of(t)->is_enum;
}

const struct flag_entry *flag_table_entries(enum flag_table t, size_t *n)
{
	const struct table *tb = table_of(t);
	if (n)
		*n = tb->n;
	return tb->e;
}

static bool entry_matches(const struct flag_entry *e, uint64_t raw)
{
	switch (e->match) {
	case FM_EQ:
		return (raw & e->mask) == e->value;
	case FM_ANY:
		return (raw & e->mask) != 0;
	case FM_ZERO:
		return false; /* decided by the caller */
	}
	return false;
}

/* Appends s to buf (snprintf-style accounting in *pos). */
static void put(char *buf, size_t len, size_t *pos, const char *s)
{
	size_t n = strlen(s);
	if (*pos < len) {
		size_t room = len - *pos - 1;
		size_t k = n < room ? n : room;
		memcpy(buf + *pos, s, k);
		buf[*pos + k] = '\0';
	}
	*pos += n;
}

/* Calls fn(name, arg) for every item flags_render prints, in order; stops when fn returns true.
 * Returns true if some fn call returned true. Writes nothing. */
static bool for_each_item(const struct table *tb, uint64_t raw,
			  bool (*fn)(const char *name, void *arg), void *arg)
{
	bool printed = false;
	if (tb->is_enum) {
		for (size_t i = 0; i < tb->n; i++)
			if (tb->e[i].value == raw)
				return fn(tb->e[i].name, arg);
		return tb->unknown ? fn(tb->unknown, arg) : false;
	}
	for (size_t i = 0; i < tb->n; i++) {
		if (entry_matches(&tb->e[i], raw)) {
			printed = true;
			if (fn(tb->e[i].name, arg))
				return true;
		}
	}
	if (!printed)
		for (size_t i = 0; i < tb->n; i++)
			if (tb->e[i].match == FM_ZERO)
				return fn(tb->e[i].name, arg);
	return false;
}

struct render_ctx {
	char *buf;
	size_t len, pos;
	int items;
};

static bool render_item(const char *name, void *arg)
{
	struct render_ctx *c = arg;
	if (c->items++)
		put(c->buf, c->len, &c->pos, "|");
	put(c->buf, c->len, &c->pos, name);
	return false;
}

size_t flags_render(enum flag_table t, uint64_t raw, char *buf, size_t len)
{
	const struct table *tb = table_of(t);
	struct render_ctx c = {buf, len, 0, 0};
	char num[32];

	if (buf && len)
		buf[0] = '\0';
	if (tb->n)
		for_each_item(tb, raw, render_item, &c);
	if (c.items)
		return c.pos;
	/* nothing resolved: Falco prints the raw number, in hex for modes (PF_HEX), else decimal
	 * (execve flags 0 → "0") */
	if (t != FLT_CHMOD_MODE && t != FLT_MKNOD_MODE)
		snprintf(num, sizeof(num), "%" PRIu64, raw);
	else
		snprintf(num, sizeof(num), "0x%" PRIx64, raw);
	put(buf, len, &c.pos, num);
	return c.pos;
}

static const struct flag_entry *find(const struct table *tb, const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < tb->n; i++)
		if (strcmp(tb->e[i].name, name) == 0)
			return &tb->e[i];
	return NULL;
}

bool flags_value(enum flag_table t, const char *name, uint64_t *raw)
{
	const struct flag_entry *e = find(table_of(t), name);
	if (!e)
		return false;
	if (raw)
		*raw = e->match == FM_ANY ? e->mask : e->value;
	return true;
}

bool flags_match(enum flag_table t, const char *name, uint64_t *mask, uint64_t *value)
{
	const struct table *tb = table_of(t);
	const struct flag_entry *e = find(tb, name);
	uint64_t m = 0, v = 0;

	if (!e || e->match == FM_ANY)
		return false; /* an any-bit test is not a (mask, value) pair */
	if (e->match == FM_ZERO) {
		for (size_t i = 0; i < tb->n; i++)
			if (tb->e[i].match != FM_ZERO)
				m |= tb->e[i].mask;
	} else {
		m = e->mask;
		v = e->value;
	}
	if (mask)
		*mask = m;
	if (value)
		*value = v;
	return true;
}

static bool same_name(const char *name, void *arg)
{
	return strcmp(name, (const char *)arg) == 0;
}

bool flags_item_present(enum flag_table t, uint64_t raw, const char *name)
{
	const struct table *tb = table_of(t);
	if (!name || tb->n == 0)
		return false;
	return for_each_item(tb, raw, same_name, (void *)name);
}

bool flags_text_contains(enum flag_table t, uint64_t raw, const char *needle)
{
	char small[512];
	size_t n;
	bool r;

	if (!needle)
		return false;
	n = flags_render(t, raw, small, sizeof(small));
	if (n < sizeof(small))
		return strstr(small, needle) != NULL;
	char *big = xmalloc(n + 1);
	flags_render(t, raw, big, n + 1);
	r = strstr(big, needle) != NULL;
	free(big);
	return r;
}
