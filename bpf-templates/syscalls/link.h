/* link(oldpath, newpath): A = old, B = new. */
LNR_EXIT_PROG(link)
{
	LNR_BEGIN(link);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 0);
	lnr_path_arg(&e, LNR_SLOT_B, e.rec->args[1], LNR_AT_FDCWD, 0);
	LNR_END(link);
}
