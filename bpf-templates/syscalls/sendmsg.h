/* sendmsg(fd, ...): fd_* describe the socket. */
LNR_EXIT_PROG(sendmsg)
{
	LNR_BEGIN(sendmsg);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	LNR_END(sendmsg);
}
