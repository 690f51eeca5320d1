/* unlink(path, ...): A = path. */
LNR_EXIT_PROG(unlink)
{
	LNR_BEGIN(unlink);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 0);
	LNR_END(unlink);
}
