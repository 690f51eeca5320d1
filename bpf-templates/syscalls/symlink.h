/* symlink(target, linkpath): A = target as given (never resolved), B = linkpath. */
LNR_EXIT_PROG(symlink)
{
	LNR_BEGIN(symlink);
	lnr_slot_user_str(&e, LNR_SLOT_A, e.rec->args[0]);
	lnr_path_arg(&e, LNR_SLOT_B, e.rec->args[1], LNR_AT_FDCWD, 0);
	LNR_END(symlink);
}
