/* fchdir(fd, ...): A = the fd's path. */
LNR_EXIT_PROG(fchdir)
{
#ifdef LNR_FDGATE
	if (LNR_FDGATE(LNR_NR_fchdir))
		LNR_FD_GATE((long)(int)lnr_syscall_arg(regs, 0));
#endif
	LNR_BEGIN(fchdir);
	lnr_fd_info_path(&e, LNR_SLOT_A, (long)e.rec->args[0]);
	LNR_END(fchdir);
}
