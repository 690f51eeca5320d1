/* ia32.h — the ia32 (i386 / int $0x80 / 32-bit compat) → x86_64 syscall translation: a 32-bit
 * task's syscall is dispatched as its x86_64 counterpart (Falco translates the same way), so a
 * 32-bit `open` (5) is an open, not x86_64's fstat. Derived from the event table
 * (event_table.h: the ia32 column of the LNR_SC rows and the LNR_IA32 rows), so a followed
 * syscall's i386 number is written in its row. Header-only, built by clang -target bpf for the
 * sensor (helpers/base.h) and by the host compiler for the unit test (tests/unit/test_ia32.c), so
 * both run this code. Include after records.h (LNR_NR_*, LNR_SYSCALL_MAX). */
#ifndef LANNER_IA32_H
#define LANNER_IA32_H

#ifndef __always_inline
#define __always_inline inline __attribute__((always_inline))
#endif

/* An ia32 syscall number as the x86_64 one the sensor knows it by; LNR_SYSCALL_MAX for one the
 * sensor does not handle. A row without an i386 number (0) adds no test; clang folds the tests
 * into one switch. */
static __always_inline __u32 lnr_ia32_to_x64(__u32 nr)
{
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params)                                      \
	if ((ia32) != 0 && nr == (ia32))                                                           \
		return LNR_NR_##name;
#define LNR_IA32(name, nr32)                                                                       \
	if (nr == (nr32))                                                                          \
		return LNR_NR_##name;
#include "shared_definitions/event_table.h"
	return LNR_SYSCALL_MAX;
}

#endif
