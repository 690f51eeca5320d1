/* memfd_create(name, flags) → fd: A = name. */
LNR_EXIT_PROG(memfd_create)
{
	LNR_BEGIN(memfd_create);
	lnr_slot_user_str(&e, LNR_SLOT_A, e.rec->args[0]);
	lnr_fd_info(&e, ret);
	LNR_END(memfd_create);
}
