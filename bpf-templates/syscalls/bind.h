/* bind(fd, ...): fd_* describe the socket. */
LNR_EXIT_PROG(bind)
{
	LNR_BEGIN(bind);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	LNR_END(bind);
}
