/* connect(fd, addr, addrlen): A = sockaddr as given at entry (TOCTOU); fd_* = the socket. */
LNR_EXIT_PROG(connect)
{
	LNR_BEGIN(connect);
	struct lnr_stash *s = lnr_take_stash(&e);
	if (s)
		lnr_slot_from_stash(&e, LNR_SLOT_A, s);
	else
		lnr_slot_user_bytes(&e, LNR_SLOT_A, e.rec->args[1], (__u32)e.rec->args[2] & 127);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	LNR_END(connect);
}
