/* recvfrom(fd, ...): fd_* describe the socket. */
LNR_EXIT_PROG(recvfrom)
{
	LNR_BEGIN(recvfrom);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	LNR_END(recvfrom);
}
