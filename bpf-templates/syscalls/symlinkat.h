/* symlinkat(target, newdirfd, linkpath): A = target as given, B = linkpath. */
LNR_EXIT_PROG(symlinkat)
{
	LNR_BEGIN(symlinkat);
	lnr_slot_user_str(&e, LNR_SLOT_A, e.rec->args[0]);
	lnr_path_arg(&e, LNR_SLOT_B, e.rec->args[2], (long)e.rec->args[1], 0);
	LNR_END(symlinkat);
}
