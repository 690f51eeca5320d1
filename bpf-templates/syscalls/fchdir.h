/* fchdir(fd, ...): A = the fd's path. */
LNR_EXIT_PROG(fchdir)
{
	LNR_BEGIN(fchdir);
	lnr_fd_info_path(&e, LNR_SLOT_A, (long)e.rec->args[0]);
	LNR_END(fchdir);
}
