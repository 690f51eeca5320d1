/* openat(dirfd, pathname, flags, mode) → fd. Path copied at entry (TOCTOU). */
LNR_EXIT_PROG(openat)
{
	LNR_BEGIN(openat);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[1], (long)e.rec->args[0], 1);
	lnr_open_fd_info(&e, ret);
	LNR_END(openat);
}
