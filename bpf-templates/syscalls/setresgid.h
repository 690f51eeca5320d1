/* setresgid: raw arguments and result only. */
LNR_EXIT_PROG(setresgid)
{
	LNR_BEGIN(setresgid);

	LNR_END(setresgid);
}
