/* mkdirat(dirfd, path, ...): A = path relative to dirfd. */
LNR_EXIT_PROG(mkdirat)
{
	LNR_BEGIN(mkdirat);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[1], (long)e.rec->args[0], 0);
	LNR_END(mkdirat);
}
