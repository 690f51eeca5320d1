/* test_events.c — syscalls, events (lookups, params, evtset), flags rendering, errno names. */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/socket.h>

#include "errnames.h"
#include "events.h"
#include "flags.h"
#include "syscalls.h"

static const char *render(enum flag_table t, uint64_t raw)
{
	static char buf[512];
	flags_render(t, raw, buf, sizeof(buf));
	return buf;
}

Test(events, syscall_table)
{
	cr_assert_eq(syscall_nr("openat"), 257);
	cr_assert_eq(syscall_nr("read"), 0);
	cr_assert_eq(syscall_nr("nosuchcall"), -1);
	cr_assert_eq(syscall_nr(NULL), -1);
	cr_assert_str_eq(syscall_name(59), "execve");
	cr_assert_null(syscall_name(-1));
	cr_assert_null(syscall_name(400)); /* gap between 334 and 424 */
	cr_assert_geq(syscall_max(), 435);
	cr_assert_str_eq(syscall_name(435), "clone3");
}

Test(events, lookup_names)
{
	cr_assert_eq(evt_lookup("openat"), EVT_openat);
	cr_assert_eq(evt_lookup("switch"), EVT_switch);
	cr_assert_eq(evt_lookup("procexit"), EVT_procexit);
	cr_assert_eq(evt_lookup("nosuchevent"), -1);
	cr_assert_eq(evt_lookup(""), -1);
	cr_assert_eq(evt_lookup(NULL), -1);
	cr_assert_str_eq(evt_name(EVT_openat), "openat");
	/* Falco's event names for pread64/pwrite64; both spellings are accepted */
	cr_assert_str_eq(evt_name(EVT_pread64), "pread");
	cr_assert_eq(evt_lookup("pread"), EVT_pread64);
	cr_assert_eq(evt_lookup("pread64"), EVT_pread64);
	cr_assert_null(evt_name(-1));
	cr_assert_null(evt_name(EVT_COUNT));
	cr_assert_eq(evt_count(), EVT_COUNT);
	cr_assert_eq(evt_of_syscall(257), EVT_openat);
	cr_assert_eq(evt_info(EVT_openat)->nr, 257);
	cr_assert_eq(evt_info(EVT_switch)->nr, -1);
	cr_assert(evt_info(EVT_switch)->flags & EF_META);
	cr_assert(evt_info(EVT_stat64)->flags & EF_NO_X86_64);
	/* every Falco rule-event name (docs/falco-semantics.md: "Events") resolves */
	const char *spec4[] = {
		"accept",    "accept4",	     "bpf",	    "chmod",	"connect",     "creat",
		"dup",	     "dup2",	     "dup3",	    "execve",	"execveat",    "fchmod",
		"fchmodat",  "finit_module", "init_module", "link",	"linkat",      "listen",
		"mkdir",     "mkdirat",	     "open",	    "openat",	"openat2",     "ptrace",
		"recvfrom",  "recvmsg",	     "rename",	    "renameat", "renameat2",   "rmdir",
		"sendmsg",   "sendto",	     "setns",	    "setuid",	"socket",      "symlink",
		"symlinkat", "unlink",	     "unlinkat",    "unshare",	"userfaultfd", "switch"};
	for (size_t i = 0; i < sizeof(spec4) / sizeof(spec4[0]); i++) {
		int id = evt_lookup(spec4[i]);
		cr_assert_geq(id, 0, "%s", spec4[i]);
		cr_assert_not(evt_info(id)->flags & EF_GENERIC, "%s has no param list", spec4[i]);
	}
}

static void expect_params(int id, const char *const *names, int n)
{
	const struct evt_info *e = evt_info(id);
	cr_assert_eq(e->nparams, n, "%s: %d params", e->name, e->nparams);
	for (int i = 0; i < n; i++)
		cr_assert_str_eq(e->params[i].name, names[i], "%s param %d", e->name, i);
}

Test(events, params)
{
	const char *openat[] = {"fd", "dirfd", "name", "flags", "mode", "dev", "ino"};
	expect_params(EVT_openat, openat, 7);
	cr_assert_eq(evt_info(EVT_openat)->params[3].table, FLT_FILE_FLAGS);
	cr_assert_eq(evt_info(EVT_openat)->params[2].type, FT_FSRELPATH);
	const char *connect[] = {"res", "tuple", "fd", "addr"};
	expect_params(EVT_connect, connect, 4);
	const char *symlinkat[] = {"res", "target", "linkdirfd", "linkpath"};
	expect_params(EVT_symlinkat, symlinkat, 4);
	const struct evt_info *ex = evt_info(EVT_execve);
	cr_assert_eq(ex->nparams, 31);
	cr_assert_str_eq(ex->params[13].name, "comm");
	cr_assert_str_eq(ex->params[19].name, "flags");
	cr_assert_eq(ex->params[19].table, FLT_EXECVE_FLAGS);
	cr_assert_str_eq(ex->params[27].name, "trusted_exepath");
	cr_assert_str_eq(ex->params[30].name, "filename");
	cr_assert_eq(evt_info(EVT_execveat)->nparams, 30);
	cr_assert_eq(evt_info(EVT_clone3)->nparams, 21);
	const char *openat2[] = {"fd", "dirfd", "name", "flags", "mode", "resolve", "dev", "ino"};
	expect_params(EVT_openat2, openat2, 8);
	/* generic syscall */
	const char *gen[] = {"ID", "nativeID"};
	expect_params(EVT_getpid, gen, 2);
	cr_assert(evt_info(EVT_getpid)->flags & EF_GENERIC);
	cr_assert(evt_info(EVT_openat)->flags & EF_CREATES_FD);
	cr_assert(evt_info(EVT_close)->flags & EF_DESTROYS_FD);

	int idx = -1;
	cr_assert_not_null(evt_param_by_name(EVT_openat, "flags", &idx));
	cr_assert_eq(idx, 3);
	cr_assert_null(evt_param_by_name(EVT_openat, "target", NULL));
}

Test(events, param_names)
{
	cr_assert(evt_param_name_known("flags"));
	cr_assert(evt_param_name_known("trusted_exepath"));
	cr_assert_not(evt_param_name_known("flag"));
	cr_assert_not(evt_param_name_known("nosuch"));
	cr_assert_eq(evt_param_name_prefix("flags contains O_CREAT"), 5);
	cr_assert_eq(evt_param_name_prefix("fdlimit>3"), 7); /* longest, not "fd" */
	cr_assert_eq(evt_param_name_prefix("fd=3"), 2);
	cr_assert_eq(evt_param_name_prefix("zzz"), 0);
	cr_assert_eq(evt_param_name_prefix(""), 0);
}

Test(events, evtset_algebra)
{
	struct evtset a, b, all, none;
	evtset_none(&none);
	evtset_all(&all);
	cr_assert_eq(evtset_count(&none), 0);
	cr_assert_eq(evtset_count(&all), EVT_COUNT);
	cr_assert(evtset_is_all(&all));

	evtset_none(&a);
	evtset_set(&a, EVT_openat);
	evtset_set(&a, EVT_open);
	evtset_set(&a, EVT_COUNT); /* ignored */
	evtset_set(&a, -1);	   /* ignored */
	cr_assert_eq(evtset_count(&a), 2);
	cr_assert(evtset_test(&a, EVT_openat));
	cr_assert_not(evtset_test(&a, EVT_execve));

	b = a;
	evtset_complement(&b); /* evt.type != open and != openat */
	cr_assert_eq(evtset_count(&b), (size_t)EVT_COUNT - 2);
	cr_assert_not(evtset_test(&b, EVT_openat));
	struct evtset u = a;
	evtset_union(&u, &b);
	cr_assert(evtset_equal(&u, &all));
	struct evtset i = a;
	evtset_intersect(&i, &b);
	cr_assert(evtset_equal(&i, &none));

	evtset_clear(&a, EVT_open);
	cr_assert_eq(evtset_count(&a), 1);
	cr_assert_eq(evtset_next(&a, 0), EVT_openat);
	cr_assert_eq(evtset_next(&a, EVT_openat + 1), -1);
	int n = 0;
	for (int id = evtset_next(&all, 0); id >= 0; id = evtset_next(&all, id + 1))
		n++;
	cr_assert_eq(n, EVT_COUNT);
}

Test(flags, file_flags)
{
	/* touch: openat(AT_FDCWD, f, O_WRONLY|O_CREAT|O_NOCTTY|O_NONBLOCK, 0666). Falco has no
	 * O_NOCTTY and prints in table order. */
	cr_assert_str_eq(render(FLT_FILE_FLAGS, O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK),
			 "O_NONBLOCK|O_CREAT|O_WRONLY");
	cr_assert_str_eq(render(FLT_FILE_FLAGS,
				O_WRONLY | O_CREAT | O_NOCTTY | O_NONBLOCK | FLAG_SYN_O_F_CREATED),
			 "O_NONBLOCK|O_CREAT|O_WRONLY|O_F_CREATED");
	cr_assert_str_eq(render(FLT_FILE_FLAGS, O_RDONLY | O_CLOEXEC), "O_RDONLY|O_CLOEXEC");
	cr_assert_str_eq(render(FLT_FILE_FLAGS, O_WRONLY | O_CREAT | O_TRUNC),
			 "O_TRUNC|O_CREAT|O_WRONLY");
	cr_assert_str_eq(render(FLT_FILE_FLAGS, O_RDWR), "O_RDWR");
	cr_assert_str_eq(render(FLT_FILE_FLAGS, 0), "O_RDONLY");
	cr_assert_str_eq(render(FLT_FD_FLAGS, 0), "O_NONE");
	cr_assert_str_eq(render(FLT_FD_FLAGS, O_CLOEXEC), "O_CLOEXEC");
	/* Falco's `flags & O_SYNC` is true for O_DSYNC alone */
	cr_assert_str_eq(render(FLT_FILE_FLAGS, O_DSYNC), "O_SYNC|O_DSYNC|O_RDONLY");

	cr_assert(flags_item_present(FLT_FILE_FLAGS, O_RDWR | O_CREAT, "O_CREAT"));
	cr_assert_not(flags_item_present(FLT_FILE_FLAGS, O_RDWR, "O_WRONLY"));
	cr_assert(flags_item_present(FLT_FILE_FLAGS, 0, "O_RDONLY"));
	cr_assert(flags_text_contains(FLT_FILE_FLAGS, O_WRONLY | O_TRUNC, "O_TRUNC"));
	cr_assert_not(flags_text_contains(FLT_FILE_FLAGS, O_WRONLY, "O_TRUNC"));
}

Test(flags, truncation)
{
	char small[8];
	size_t n = flags_render(FLT_FILE_FLAGS, O_WRONLY | O_CREAT | O_TRUNC, small, sizeof(small));
	cr_assert_eq(n, strlen("O_TRUNC|O_CREAT|O_WRONLY"));
	cr_assert_str_eq(small, "O_TRUNC");
	cr_assert_eq(flags_render(FLT_FILE_FLAGS, O_RDWR, NULL, 0), 6);
}

Test(flags, mode_and_others)
{
	cr_assert_str_eq(render(FLT_CHMOD_MODE, 04755),
			 "S_IXOTH|S_IROTH|S_IXGRP|S_IRGRP|S_IXUSR|S_IWUSR|S_IRUSR|S_ISUID");
	cr_assert(flags_text_contains(FLT_CHMOD_MODE, 04755, "S_ISUID"));
	cr_assert_str_eq(render(FLT_CHMOD_MODE, 0), "0x0");
	cr_assert_str_eq(render(FLT_EXECVE_FLAGS, 0), "0"); /* flags: decimal, as Falco */
	cr_assert_str_eq(render(FLT_FILE_FLAGS, 3),
			 "O_RDONLY"); /* access mode 3: Falco's default */
	cr_assert_str_eq(render(FLT_EXECVE_FLAGS, FLAG_SYN_EXE_WRITABLE | FLAG_SYN_EXE_UPPER_LAYER),
			 "EXE_WRITABLE|EXE_UPPER_LAYER");
	cr_assert_str_eq(render(FLT_ACCESS_FLAGS, 0), "F_OK");
	cr_assert_str_eq(render(FLT_UNLINKAT_FLAGS, AT_REMOVEDIR), "AT_REMOVEDIR");
	cr_assert_str_eq(render(FLT_NONE, 42), "42");
}

Test(flags, enums)
{
	cr_assert(flag_table_is_enum(FLT_PTRACE_REQUESTS));
	cr_assert_not(flag_table_is_enum(FLT_FILE_FLAGS));
	cr_assert_str_eq(render(FLT_PTRACE_REQUESTS, PTRACE_ATTACH), "PTRACE_ATTACH");
	cr_assert_str_eq(render(FLT_PTRACE_REQUESTS, PTRACE_TRACEME), "PTRACE_TRACEME");
	cr_assert_str_eq(render(FLT_PTRACE_REQUESTS, 99999), "PTRACE_UNKNOWN");
	cr_assert_str_eq(render(FLT_SOCKET_FAMILIES, AF_PACKET), "AF_PACKET");
	cr_assert_str_eq(render(FLT_SOCKET_FAMILIES, AF_INET), "AF_INET");
	cr_assert_str_eq(render(FLT_SOCKET_FAMILIES, AF_UNIX), "AF_LOCAL"); /* Falco's order */
	cr_assert_str_eq(render(FLT_SOCKET_FAMILIES, 9999), "9999");
	cr_assert_str_eq(render(FLT_BPF_COMMANDS, 5), "BPF_PROG_LOAD");
	/* Falco's rules test `request contains PTRACE_SETREGS`: a substring test */
	cr_assert(flags_text_contains(FLT_PTRACE_REQUESTS, PTRACE_SETREGSET, "PTRACE_SETREGS"));
	cr_assert_str_eq(flag_table_name(FLT_PTRACE_REQUESTS), "ptrace_requests");
}

Test(flags, name_to_value)
{
	uint64_t v = 0, m = 0;
	cr_assert(flags_value(FLT_FILE_FLAGS, "O_CREAT", &v));
	cr_assert_eq(v, (uint64_t)O_CREAT);
	cr_assert(flags_value(FLT_PTRACE_REQUESTS, "PTRACE_ATTACH", &v));
	cr_assert_eq(v, (uint64_t)PTRACE_ATTACH);
	cr_assert_not(flags_value(FLT_FILE_FLAGS, "O_NOCTTY", &v));
	cr_assert_not(flags_value(FLT_FILE_FLAGS, "o_creat", &v));
	cr_assert_not(flags_value(FLT_NONE, "O_CREAT", &v));

	cr_assert(flags_match(FLT_FILE_FLAGS, "O_WRONLY", &m, &v));
	cr_assert_eq(m, (uint64_t)O_ACCMODE);
	cr_assert_eq(v, (uint64_t)O_WRONLY);
	cr_assert(flags_match(FLT_FILE_FLAGS, "O_RDONLY", &m, &v));
	cr_assert_eq((O_RDONLY | O_CLOEXEC) & m, v);
	cr_assert_neq(O_RDWR & m, v);
	/* flags_match agrees with flags_item_present on every single-bit value of the table */
	for (int bit = 0; bit < 36; bit++) {
		uint64_t raw = (1ULL << bit) | O_WRONLY;
		cr_assert(flags_match(FLT_FILE_FLAGS, "O_CREAT", &m, &v));
		cr_assert_eq((raw & m) == v, flags_item_present(FLT_FILE_FLAGS, raw, "O_CREAT"));
	}
}

Test(errnames, both_ways)
{
	cr_assert_str_eq(errno_name(2), "ENOENT");
	cr_assert_str_eq(errno_name(-2), "ENOENT");
	cr_assert_str_eq(errno_name(13), "EACCES");
	cr_assert_str_eq(errno_name(115), "EINPROGRESS");
	cr_assert_str_eq(errno_name(11), "EAGAIN");
	cr_assert_null(errno_name(0));
	cr_assert_null(errno_name(100000));
	cr_assert_eq(errno_value("ENOENT"), 2);
	cr_assert_eq(errno_value("EWOULDBLOCK"), 11);
	cr_assert_eq(errno_value("ENOPE"), -1);
	cr_assert_eq(errno_value(NULL), -1);
}
