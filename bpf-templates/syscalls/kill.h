/* kill: raw arguments and result only. */
LNR_EXIT_PROG(kill)
{
	LNR_BEGIN(kill);

	LNR_END(kill);
}
