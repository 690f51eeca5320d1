/* open(pathname, flags, mode) → fd. Path copied at entry (TOCTOU). */
LNR_EXIT_PROG(open)
{
	LNR_BEGIN(open);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 1);
	lnr_open_fd_info(&e, ret);
	LNR_END(open);
}
