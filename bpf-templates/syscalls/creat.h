/* creat(pathname, mode) → fd. Path copied at entry (TOCTOU). */
LNR_EXIT_PROG(creat)
{
	LNR_BEGIN(creat);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 1);
	lnr_open_fd_info(&e, ret);
	LNR_END(creat);
}
