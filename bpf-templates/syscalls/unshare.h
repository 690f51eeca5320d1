/* unshare: raw arguments and result only. */
LNR_EXIT_PROG(unshare)
{
	LNR_BEGIN(unshare);

	LNR_END(unshare);
}
