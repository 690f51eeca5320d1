/* dup(oldfd, ...) → newfd: fd_* and A describe the new fd (same file). */
LNR_EXIT_PROG(dup)
{
	LNR_BEGIN(dup);
	lnr_fd_info_path(&e, LNR_SLOT_A, ret >= 0 ? ret : (long)(int)e.rec->args[0]);
	LNR_END(dup);
}
