/* setns(fd, ...): A = the fd's path. */
LNR_EXIT_PROG(setns)
{
	LNR_BEGIN(setns);
	lnr_fd_info_path(&e, LNR_SLOT_A, (long)e.rec->args[0]);
	LNR_END(setns);
}
