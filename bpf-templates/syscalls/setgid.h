/* setgid: raw arguments and result only. */
LNR_EXIT_PROG(setgid)
{
	LNR_BEGIN(setgid);

	LNR_END(setgid);
}
