/* sc_raw.h — the dispatchers' first test: can this raw syscall id (the tracepoint's id, or
 * orig_ax at exit: x86_64 or i386, untranslated) need the sensor at all?
 *
 * Two tables in .rodata, derived at compile time from the event table
 * (shared_definitions/event_table.h), the same source as the exit programs (syscalls/all.h) and
 * the ia32 translation (shared_definitions/ia32.h):
 *   lnr_raw_exit[id]   1 when id is the x86_64 number or an i386 number of a syscall with an exit
 *                      program (chdir and fchdir included: the cwd is tracked whatever the rules)
 *   lnr_raw_enter[id]  1 when id is either number of a syscall with an entry-time copy
 *                      (LNR_ENTER_* other than NONE)
 * A 0 is exact: whatever the task's ABI, the syscall it stands for has no program, so the
 * dispatcher returns before it reads the task (a helper call) or the interesting table. A 1 only
 * sends the event on to the usual tests (ABI, translation, lnr_interesting). Most syscalls of a
 * process (mmap, mprotect, read, brk...) end at this one load.
 */
#ifndef LANNER_HELPERS_SC_RAW_H
#define LANNER_HELPERS_SC_RAW_H

#include "shared_definitions/records.h"
#include "shared_definitions/ia32.h"

/* An index may be set twice (one syscall's x86_64 number is another's i386 number); every
 * initializer of a table writes the same value, so the order does not matter. Also built by the
 * host compiler for the unit test (tests/unit/test_ia32.c). */
#pragma GCC diagnostic push
#ifdef __clang__
#pragma GCC diagnostic ignored "-Winitializer-overrides"
#else
#pragma GCC diagnostic ignored "-Woverride-init"
#endif

static const __u8 lnr_raw_exit[LNR_SYSCALL_MAX] = {
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params)                                      \
	[LNR_NR_##name] = 1, [(ia32) ? (ia32) : LNR_NR_##name] = 1,
#define LNR_IA32(name, nr32) [nr32] = 1,
#include "shared_definitions/event_table.h"
};

/* a row without an entry copy writes its 0 at index 0, where no followed syscall is (read, and
 * i386's restart_syscall), so it cannot undo another row's 1 */
#define LNR_RAW_ENTER_AT(enter, nr) [LNR_ENTER_##enter != LNR_ENTER_NONE ? (nr) : 0]
static const __u8 lnr_raw_enter[LNR_SYSCALL_MAX] = {
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params)                                      \
	LNR_RAW_ENTER_AT(enter, LNR_NR_##name) = LNR_ENTER_##enter != LNR_ENTER_NONE,              \
				LNR_RAW_ENTER_AT(enter, (ia32) ? (ia32) : LNR_NR_##name) =         \
					LNR_ENTER_##enter != LNR_ENTER_NONE,
#include "shared_definitions/event_table.h"
};
#undef LNR_RAW_ENTER_AT

#pragma GCC diagnostic pop

/* 0 when raw syscall id cannot need the exit (table lnr_raw_exit) / the entry (lnr_raw_enter). */
static __always_inline int lnr_raw_wants(const __u8 *table, __u64 id)
{
	if (id >= LNR_SYSCALL_MAX)
		return 0;
	return table[id];
}

#endif
