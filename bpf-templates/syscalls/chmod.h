/* chmod(path, ...): A = path. */
LNR_EXIT_PROG(chmod)
{
	LNR_BEGIN(chmod);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 0);
	LNR_END(chmod);
}
