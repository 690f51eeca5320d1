/* accept(...) → fd: fd_* describe the new fd; A = a unix socket's address (its listener's). */
LNR_EXIT_PROG(accept)
{
	LNR_BEGIN(accept);
	lnr_fd_info(&e, ret);
	lnr_slot_unix_addr(&e, LNR_SLOT_A);
	LNR_END(accept);
}
