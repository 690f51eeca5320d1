/* execve(filename, argv, envp): FAILED execs only; successful ones come from sched_process_exec.
 * aux[0] = LNR_PF_EXE_* of the executable the task still runs (Falco's `flags` of a failed
 * exec describe the current executable). */
#include "helpers/exe_flags.h"

LNR_EXIT_PROG(execve)
{
	if (ret == 0) /* before the record is built: a successful exec is sched_process_exec's */
		return 0;
	LNR_BEGIN(execve);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 0);
	e.rec->aux[0] = lnr_task_exe_flags(e.task);
	LNR_END(execve);
}
