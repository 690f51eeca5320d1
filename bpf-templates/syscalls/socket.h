/* socket(...) → fd: fd_* describe the new fd. */
LNR_EXIT_PROG(socket)
{
	LNR_BEGIN(socket);
	lnr_fd_info(&e, ret);
	LNR_END(socket);
}
