/* prctl: raw arguments and result only. */
LNR_EXIT_PROG(prctl)
{
	LNR_BEGIN(prctl);

	LNR_END(prctl);
}
