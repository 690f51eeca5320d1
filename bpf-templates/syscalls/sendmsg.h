/* sendmsg(fd, ...): fd_* describe the socket. */
LNR_EXIT_PROG(sendmsg)
{
#ifdef LNR_FDGATE
	if (LNR_FDGATE(LNR_NR_sendmsg))
		LNR_FD_GATE((long)(int)lnr_syscall_arg(regs, 0));
#endif
	LNR_BEGIN(sendmsg);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	LNR_END(sendmsg);
}
