/* dup3(oldfd, ...) → newfd: fd_* and A describe the new fd (same file). */
LNR_EXIT_PROG(dup3)
{
	LNR_BEGIN(dup3);
	lnr_fd_info_path(&e, LNR_SLOT_A, ret >= 0 ? ret : (long)(int)e.rec->args[0]);
	LNR_END(dup3);
}
