/* Unit tests for shared_definitions/ia32.h: the ia32 → x86_64 syscall translation the sensor
 * applies to 32-bit syscalls. The ia32 numbers are checked against the system's
 * asm/unistd_32.h, the x86_64 ones against rulelang/syscalls_list.h (through records.h). */
#include <criterion/criterion.h>
#include <asm/unistd_32.h>
#include <stdint.h>

#include "shared_definitions/records.h"

/* The same switch the sensor compiles (helpers/base.h lnr_ia32_to_x64), on the host. */
static uint32_t to_x64(uint32_t nr)
{
	switch (nr) {
#define IA32(name, nr32)                                                                           \
	case nr32:                                                                                 \
		return LNR_NR_##name;
#include "shared_definitions/ia32.h"
#undef IA32
	default:
		return LNR_SYSCALL_MAX;
	}
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
	/* not handled: the socketcall multiplexer, and numbers the sensor has no program for */
	cr_expect_eq(to_x64(__NR_socketcall), LNR_SYSCALL_MAX);
	cr_expect_eq(to_x64(__NR_read), LNR_SYSCALL_MAX);
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

Test(ia32, every_entry_is_checked_against_unistd_32)
{
	/* each entry's ia32 number is unistd_32.h's for the same name (or its uid32 variant) */
	struct {
		uint32_t nr32, x64, want16;
	} all[] = {
#define IA32(name, nr32) {nr32, LNR_NR_##name, __NR_##name},
#include "shared_definitions/ia32.h"
#undef IA32
	};
	size_t n = sizeof(all) / sizeof(all[0]);
	cr_expect_gt(n, 50);
	for (size_t i = 0; i < n; i++) {
		cr_expect_lt(all[i].x64, LNR_SYSCALL_MAX);
		cr_expect(all[i].nr32 == all[i].want16 || all[i].nr32 == uid32_of(all[i].want16),
			  "ia32 %u is not unistd_32.h's %u", all[i].nr32, all[i].want16);
		cr_expect_eq(to_x64(all[i].nr32), all[i].x64, "ia32 %u", all[i].nr32);
		for (size_t j = i + 1; j < n; j++)
			cr_expect_neq(all[i].nr32, all[j].nr32, "ia32 %u listed twice",
				      all[i].nr32);
	}
}
