/* mkdir(path, ...): A = path. */
LNR_EXIT_PROG(mkdir)
{
	LNR_BEGIN(mkdir);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 0);
	LNR_END(mkdir);
}
