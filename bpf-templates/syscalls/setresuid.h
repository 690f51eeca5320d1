/* setresuid: raw arguments and result only. */
LNR_EXIT_PROG(setresuid)
{
	LNR_BEGIN(setresuid);

	LNR_END(setresuid);
}
