/* rmdir(path, ...): A = path. */
LNR_EXIT_PROG(rmdir)
{
	LNR_BEGIN(rmdir);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 0);
	LNR_END(rmdir);
}
