/* flags.h — Falco's flag and enum tables (libs driver/flags_table.c) over RAW Linux x86_64 values.
 *
 * The kernel sensor sends parameters as the kernel saw them (openat's flags are the O_* bits of
 * <fcntl.h>, ptrace's request is the PTRACE_* number), never Falco's PPM_* re-encoding. Each table
 * here maps raw values to Falco's names and renders them the way libsinsp renders a FLAGS param:
 * names in Falco's table order, joined with '|'; a zero-valued name (O_NONE, F_OK, ...) only when
 * nothing else was printed. Enum tables (ptrace_requests, socket_families, bpf_commands, ...)
 * render one name.
 *
 * Access modes are not bits: O_RDONLY is 0 on Linux but Falco prints it, so an entry is a
 * (mask, value) pair and matches when (raw & mask) == value. For plain bits mask == value.
 *
 * Falco facts that have no Linux bit get synthetic bits above bit 31 (raw is 64-bit), which the
 * sensor ORs into the raw value when it knows them (see FLAG_SYN_*).
 */
#ifndef LANNER_FLAGS_H
#define LANNER_FLAGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum flag_table {
	FLT_NONE, /* parameter has no table: render as a number */
	/* bit-flag tables */
	FLT_FILE_FLAGS,		/* open/openat/openat2 flags: access mode always printed */
	FLT_FD_FLAGS,		/* file_flags names for params without an access mode (dup3,
				 * socket, userfaultfd): 0 renders O_NONE, as Falco does */
	FLT_CREAT_FLAGS,	/* creat's creat_flags (only synthetic bits) */
	FLT_CLONE_FLAGS,	/* clone/clone3 flags, unshare flags, setns nstype */
	FLT_CHMOD_MODE,		/* chmod/fchmod/fchmodat mode (S_* bits) */
	FLT_MKNOD_MODE,		/* mknod mode: chmod bits + S_IF* file type */
	FLT_EXECVE_FLAGS,	/* execve/execveat exit 'flags' (synthetic EXE_* bits) */
	FLT_EXECVEAT_FLAGS,	/* execveat's AT_* flags */
	FLT_UNLINKAT_FLAGS,	/* AT_REMOVEDIR */
	FLT_LINKAT_FLAGS,	/* AT_SYMLINK_FOLLOW, AT_EMPTY_PATH */
	FLT_RENAMEAT2_FLAGS,	/* RENAME_* */
	FLT_OPENAT2_FLAGS,	/* openat2 'resolve': RESOLVE_* */
	FLT_ACCESS_FLAGS,	/* access/faccessat mode: F_OK R_OK W_OK X_OK */
	FLT_MOUNT_FLAGS,	/* mount(2) MS_* */
	FLT_UMOUNT_FLAGS,	/* umount2 MNT_* / UMOUNT_NOFOLLOW */
	FLT_MEMFD_CREATE_FLAGS, /* MFD_* */
	FLT_FINIT_MODULE_FLAGS, /* MODULE_INIT_* */
	FLT_PROT_FLAGS,		/* mmap/mprotect PROT_* */
	FLT_MMAP_FLAGS,		/* mmap MAP_* */
	FLT_NEWFSTATAT_FLAGS,	/* AT_EMPTY_PATH, AT_NO_AUTOMOUNT, AT_SYMLINK_NOFOLLOW */
	/* enum tables: the value is one name */
	FLT_PTRACE_REQUESTS,
	FLT_SOCKET_FAMILIES,
	FLT_BPF_COMMANDS,
	FLT_PRCTL_OPTIONS,
	FLT_FCNTL_COMMANDS,
	FLT_COUNT
};

/* Synthetic bits (not Linux values). The sensor sets them in the raw value. */
#define FLAG_SYN_O_F_CREATED	(1ULL << 32) /* file_flags: the open created the file */
#define FLAG_SYN_FD_UPPER_LAYER (1ULL << 33) /* file_flags: file on overlayfs upper layer */
#define FLAG_SYN_FD_LOWER_LAYER (1ULL << 34) /* file_flags: file on overlayfs lower layer */
/* execve_flags has no Linux counterpart at all: these are its raw values. */
#define FLAG_SYN_EXE_WRITABLE	 (1ULL << 0) /* executable writable by the executing user */
#define FLAG_SYN_EXE_UPPER_LAYER (1ULL << 1) /* executable on overlayfs upper layer */
#define FLAG_SYN_EXE_FROM_MEMFD	 (1ULL << 2) /* executable is a memfd */
#define FLAG_SYN_EXE_LOWER_LAYER (1ULL << 3) /* executable on overlayfs lower layer */
/* creat_flags: Falco's creat_flags table holds only the overlay-layer facts. */
#define FLAG_SYN_CREAT_UPPER_LAYER (1ULL << 0)
#define FLAG_SYN_CREAT_LOWER_LAYER (1ULL << 1)

/* Falco-internal clone_flags facts (libsinsp sets them, not the kernel). */
#define FLAG_SYN_CLONE_INVERTED	      (1ULL << 32)
#define FLAG_SYN_CLONE_NAME_CHANGED   (1ULL << 33)
#define FLAG_SYN_CLONE_CLOSED	      (1ULL << 34)
#define FLAG_SYN_CLONE_CHILD_IN_PIDNS (1ULL << 35) /* child created in a new pid namespace */

/* How an entry matches the raw value. */
enum flag_match {
	FM_EQ,	 /* (raw & mask) == value: plain bits (mask == value) and fields (access mode) */
	FM_ANY,	 /* (raw & mask) != 0: Falco tests `flags & O_SYNC`, true for any bit of it */
	FM_ZERO, /* zero name (O_NONE, F_OK, PROT_NONE): printed only when nothing else is */
};

/* One name of a table. */
struct flag_entry {
	const char *name;
	enum flag_match match;
	uint64_t mask;
	uint64_t value;
};

/* Falco's table name ("file_flags", "ptrace_requests", ...); "" for FLT_NONE. */
const char *flag_table_name(enum flag_table t);
/* Enum tables render exactly one name (or the number if no name matches). */
bool flag_table_is_enum(enum flag_table t);
/* The entries in Falco's print order; *n gets the count. NULL/0 for FLT_NONE. */
const struct flag_entry *flag_table_entries(enum flag_table t, size_t *n);

/* Renders raw as Falco does (snprintf contract: always NUL-terminates when len > 0, returns the
 * length the full text needs). Bits that no name covers are dropped, as in Falco. When no name
 * applies: the zero name if the table has one; else enum tables give their "unknown" name
 * (PTRACE_UNKNOWN, UNKNOWN) or the decimal number; bit tables give "0x" + hex (Falco would show
 * its raw value here). FLT_NONE renders the decimal number. */
size_t flags_render(enum flag_table t, uint64_t raw, char *buf, size_t len);

/* Name → raw value: true and *raw = the entry's value if the table has that name (exact,
 * case-sensitive). For a bit-flag test prefer flags_match, which also yields the mask. */
bool flags_value(enum flag_table t, const char *name, uint64_t *raw);
/* Name → (mask, value): the rendered text contains the name as an item iff
 * (raw & mask) == value. Exact for every name except a table's zero name (O_NONE, F_OK...), for
 * which mask is the union of the other entries' masks (i.e. "nothing else set"). */
bool flags_match(enum flag_table t, const char *name, uint64_t *mask, uint64_t *value);
/* Exact: is name one of the '|'-separated items flags_render(t, raw) prints? */
bool flags_item_present(enum flag_table t, uint64_t raw, const char *name);
/* Falco's `evt.arg.X contains S` is a substring test on the rendered text, so
 * `request contains PTRACE_SETREGS` also matches PTRACE_SETREGSET. This is that test, exactly. */
bool flags_text_contains(enum flag_table t, uint64_t raw, const char *needle);

#endif
