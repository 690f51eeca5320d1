/* execve(filename, argv, envp): FAILED execs only; successful ones come from sched_process_exec. */
LNR_EXIT_PROG(execve)
{
	LNR_BEGIN(execve);
	if (ret == 0)
		return 0;
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 0);
	LNR_END(execve);
}
