/* listen(fd, ...): fd_* describe the socket. */
LNR_EXIT_PROG(listen)
{
	LNR_BEGIN(listen);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	LNR_END(listen);
}
