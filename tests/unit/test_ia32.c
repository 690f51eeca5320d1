/* Unit tests for the ia32 → x86_64 syscall translation the sensor applies to 32-bit syscalls
 * (shared_definitions/ia32.h lnr_ia32_to_x64), derived from shared_definitions/event_table.h: the
 * ia32 column of the LNR_SC rows and the LNR_IA32 rows. The i386 numbers are checked against the
 * system's asm/unistd_32.h, the x86_64 ones against rulelang/syscalls_list.h (through records.h).
 */
#include <criterion/criterion.h>
#include <asm/unistd_32.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "shared_definitions/records.h"
#include "shared_definitions/ia32.h"
#include "helpers/sc_raw.h"

/* The sensor's translation, on the host. */
static uint32_t to_x64(uint32_t nr)
{
	return lnr_ia32_to_x64(nr);
}

Test(ia32, numbers_are_the_kernels)
{
	/* a 32-bit open is an open, not x86_64's fstat (5) */
	cr_expect_eq(to_x64(__NR_open), LNR_NR_open);
	cr_expect_eq(to_x64(5), 2);
	cr_expect_eq(to_x64(__NR_openat), LNR_NR_openat);
	cr_expect_eq(to_x64(__NR_creat), LNR_NR_creat);
	cr_expect_eq(to_x64(__NR_close), LNR_NR_close);
	cr_expect_eq(to_x64(__NR_execve), LNR_NR_execve);
	cr_expect_eq(to_x64(__NR_execveat), LNR_NR_execveat);
	cr_expect_eq(to_x64(__NR_chdir), LNR_NR_chdir);
	cr_expect_eq(to_x64(__NR_fchdir), LNR_NR_fchdir);
	cr_expect_eq(to_x64(__NR_connect), LNR_NR_connect);
	cr_expect_eq(to_x64(__NR_socket), LNR_NR_socket);
	cr_expect_eq(to_x64(__NR_ptrace), LNR_NR_ptrace);
	cr_expect_eq(to_x64(__NR_memfd_create), LNR_NR_memfd_create);
	cr_expect_eq(to_x64(__NR_unlinkat), LNR_NR_unlinkat);
	cr_expect_eq(to_x64(__NR_clone3), LNR_NR_clone3);
	/* 16-bit and 32-bit uid variants are the same x86_64 syscall, as in Falco */
	cr_expect_eq(to_x64(__NR_setuid), LNR_NR_setuid);
	cr_expect_eq(to_x64(__NR_setuid32), LNR_NR_setuid);
	cr_expect_eq(to_x64(__NR_setresgid32), LNR_NR_setresgid);
	/* not handled: the socketcall multiplexer, numbers the sensor has no program for, and 0
	 * (restart_syscall; the table's "no i386 number") */
	cr_expect_eq(to_x64(__NR_socketcall), LNR_SYSCALL_MAX);
	cr_expect_eq(to_x64(__NR_read), LNR_SYSCALL_MAX);
	cr_expect_eq(to_x64(0), LNR_SYSCALL_MAX);
}

/* asm/unistd_32.h's number of the syscall called name, or -1 when i386 has none of that name
 * (read from the header file, since a name it lacks cannot be written as __NR_name). */
static long unistd_32(const char *name)
{
	static const char *const paths[] = {"/usr/include/x86_64-linux-gnu/asm/unistd_32.h",
					    "/usr/include/asm/unistd_32.h"};
	FILE *f = NULL;
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]) && !f; i++)
		f = fopen(paths[i], "r");
	cr_assert_not_null(f, "asm/unistd_32.h not found");
	char line[256], nm[128];
	long nr, found = -1;
	while (found < 0 && fgets(line, sizeof(line), f))
		if (sscanf(line, "#define __NR_%127s %ld", nm, &nr) == 2 && !strcmp(nm, name))
			found = nr;
	fclose(f);
	return found;
}

/* The 32-bit-uid variant of a 16-bit-uid ia32 syscall, or 0. */
static uint32_t uid32_of(uint32_t nr16)
{
	return nr16 == __NR_setuid	? __NR_setuid32
	       : nr16 == __NR_setgid	? __NR_setgid32
	       : nr16 == __NR_setresuid ? __NR_setresuid32
	       : nr16 == __NR_setresgid ? __NR_setresgid32
					: 0;
}

Test(ia32, every_row_is_checked_against_unistd_32)
{
	/* every followed syscall: its i386 number is unistd_32.h's for the same name, and a row
	 * without one (0) names a syscall i386 does not have; every LNR_IA32 row is the 32-bit-uid
	 * variant of its syscall's number */
	struct {
		const char *name;
		uint32_t nr32, x64;
		int extra; /* an LNR_IA32 row */
	} all[] = {
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params) {#name, ia32, LNR_NR_##name, 0},
#define LNR_IA32(name, nr32)				      {#name, nr32, LNR_NR_##name, 1},
#include "shared_definitions/event_table.h"
	};
	size_t n = sizeof(all) / sizeof(all[0]), mapped = 0;
	for (size_t i = 0; i < n; i++) {
		long want = unistd_32(all[i].name);
		cr_expect_lt(all[i].x64, LNR_SYSCALL_MAX);
		if (all[i].extra)
			cr_expect_eq(all[i].nr32, uid32_of((uint32_t)want),
				     "LNR_IA32(%s, %u) is not its 32-bit-uid variant", all[i].name,
				     all[i].nr32);
		else if (all[i].nr32 == 0)
			cr_expect_eq(want, -1, "%s: i386 has it (%ld), the row says 0", all[i].name,
				     want);
		else
			cr_expect_eq(all[i].nr32, want, "%s: ia32 %u is not unistd_32.h's %ld",
				     all[i].name, all[i].nr32, want);
		if (all[i].nr32 == 0)
			continue;
		mapped++;
		cr_expect_eq(to_x64(all[i].nr32), all[i].x64, "ia32 %u", all[i].nr32);
		for (size_t j = i + 1; j < n; j++)
			cr_expect_neq(all[i].nr32, all[j].nr32, "ia32 %u listed twice",
				      all[i].nr32);
	}
	cr_expect_gt(mapped, 50);
}

/* The dispatchers' first test (helpers/sc_raw.h) lets through every raw id, x86_64 or i386, that
 * stands for a syscall with an exit program (or an entry copy), and nothing else. */
static int row_of(uint32_t nr, int *enter)
{
#define LNR_SC(name, ia32, eflags, enter_, dcat, caps, params)                                     \
	if (nr == LNR_NR_##name) {                                                                 \
		*enter = LNR_ENTER_##enter_ != LNR_ENTER_NONE;                                     \
		return 1;                                                                          \
	}
#include "shared_definitions/event_table.h"
	return 0;
}

Test(ia32, raw_id_tables)
{
	for (uint32_t id = 0; id < LNR_SYSCALL_MAX; id++) {
		int e64 = 0, e32 = 0;
		int x64 = row_of(id, &e64);
		int x32 = row_of(lnr_ia32_to_x64(id), &e32);
		cr_expect_eq(lnr_raw_exit[id], x64 || x32, "exit table at %u", id);
		cr_expect_eq(lnr_raw_enter[id], (x64 && e64) || (x32 && e32), "enter table at %u",
			     id);
	}
	cr_expect(lnr_raw_enter[LNR_NR_openat] && lnr_raw_enter[__NR_openat]);
	/* getppid (110) is i386's iopl: neither is followed; read (0) is i386's restart_syscall */
	cr_expect(!lnr_raw_exit[LNR_NR_getppid] && !lnr_raw_enter[LNR_NR_read]);
	cr_expect(!lnr_raw_wants(lnr_raw_exit, 0x40000000ull | LNR_NR_openat)); /* x32 ABI */
}
