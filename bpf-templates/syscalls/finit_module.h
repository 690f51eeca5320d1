/* finit_module(fd, uargs, flags): A = the fd's path, B = uargs. */
LNR_EXIT_PROG(finit_module)
{
	LNR_BEGIN(finit_module);
	lnr_fd_info_path(&e, LNR_SLOT_A, (long)e.rec->args[0]);
	lnr_slot_user_str(&e, LNR_SLOT_B, e.rec->args[1]);
	LNR_END(finit_module);
}
