/* recvmsg(fd, ...): fd_* describe the socket. */
LNR_EXIT_PROG(recvmsg)
{
	LNR_BEGIN(recvmsg);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	LNR_END(recvmsg);
}
