/* sendto(fd, ...): fd_* describe the socket. */
LNR_EXIT_PROG(sendto)
{
	LNR_BEGIN(sendto);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	LNR_END(sendto);
}
