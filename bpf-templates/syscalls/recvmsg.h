/* recvmsg(fd, ...): fd_* describe the socket. */
LNR_EXIT_PROG(recvmsg)
{
#ifdef LNR_FDGATE
	if (LNR_FDGATE(LNR_NR_recvmsg))
		LNR_FD_GATE((long)(int)lnr_syscall_arg(regs, 0));
#endif
	LNR_BEGIN(recvmsg);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	LNR_END(recvmsg);
}
