/* unlinkat(dirfd, path, ...): A = path relative to dirfd. */
LNR_EXIT_PROG(unlinkat)
{
	LNR_BEGIN(unlinkat);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[1], (long)e.rec->args[0], 0);
	LNR_END(unlinkat);
}
