/* fork: raw arguments and result only. */
LNR_EXIT_PROG(fork)
{
	LNR_BEGIN(fork);

	LNR_END(fork);
}
