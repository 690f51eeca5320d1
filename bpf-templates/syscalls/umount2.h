/* umount2(target, flags): A = target. */
LNR_EXIT_PROG(umount2)
{
	LNR_BEGIN(umount2);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[0], LNR_AT_FDCWD, 0);
	LNR_END(umount2);
}
