/* renameat(olddirfd, oldpath, newdirfd, newpath, ...): A = old, B = new. */
LNR_EXIT_PROG(renameat)
{
	LNR_BEGIN(renameat);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[1], (long)e.rec->args[0], 0);
	lnr_path_arg(&e, LNR_SLOT_B, e.rec->args[3], (long)e.rec->args[2], 0);
	LNR_END(renameat);
}
