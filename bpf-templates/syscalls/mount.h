/* mount(dev, dir, type, flags, data): A = dev, A_BASE slot carries type (never a base here), B =
 * dir. */
LNR_EXIT_PROG(mount)
{
	LNR_BEGIN(mount);
	lnr_slot_user_str(&e, LNR_SLOT_A, e.rec->args[0]);
	lnr_slot_user_str(&e, LNR_SLOT_A_BASE, e.rec->args[2]);
	lnr_path_arg(&e, LNR_SLOT_B, e.rec->args[1], LNR_AT_FDCWD, 0);
	LNR_END(mount);
}
