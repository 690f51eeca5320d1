/* accept(...) → fd: fd_* describe the new fd. */
LNR_EXIT_PROG(accept)
{
	LNR_BEGIN(accept);
	lnr_fd_info(&e, ret);
	LNR_END(accept);
}
