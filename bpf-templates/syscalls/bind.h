/* bind(fd, ...): fd_* describe the socket; A = a unix socket's address once bound (the kernel's
 * copy: Falco names the socket by the bound address). */
LNR_EXIT_PROG(bind)
{
	LNR_BEGIN(bind);
	lnr_fd_info(&e, (long)(int)e.rec->args[0]);
	if (ret == 0)
		lnr_slot_unix_addr(&e, LNR_SLOT_A);
	LNR_END(bind);
}
