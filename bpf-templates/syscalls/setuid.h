/* setuid: raw arguments and result only. */
LNR_EXIT_PROG(setuid)
{
	LNR_BEGIN(setuid);

	LNR_END(setuid);
}
