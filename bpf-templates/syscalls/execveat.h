/* execveat(dirfd, pathname, argv, envp, flags): FAILED execs only (see execve.h). */
LNR_EXIT_PROG(execveat)
{
	LNR_BEGIN(execveat);
	if (ret == 0)
		return 0;
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[1], (long)e.rec->args[0], 0);
	LNR_END(execveat);
}
