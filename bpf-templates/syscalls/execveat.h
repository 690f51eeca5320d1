/* execveat(dirfd, pathname, argv, envp, flags): FAILED execs only (see execve.h, aux[0] too). */
#include "helpers/exe_flags.h"

LNR_EXIT_PROG(execveat)
{
	if (ret == 0) /* before the record is built: a successful exec is sched_process_exec's */
		return 0;
	LNR_BEGIN(execveat);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[1], (long)e.rec->args[0], 0);
	e.rec->aux[0] = lnr_task_exe_flags(e.task);
	LNR_END(execveat);
}
