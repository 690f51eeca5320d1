/* init_module(image, len, uargs): A = uargs. */
LNR_EXIT_PROG(init_module)
{
	LNR_BEGIN(init_module);
	lnr_slot_user_str(&e, LNR_SLOT_A, e.rec->args[2]);
	LNR_END(init_module);
}
