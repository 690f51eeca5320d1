/* accept4(...) → fd: fd_* describe the new fd. */
LNR_EXIT_PROG(accept4)
{
	LNR_BEGIN(accept4);
	lnr_fd_info(&e, ret);
	LNR_END(accept4);
}
