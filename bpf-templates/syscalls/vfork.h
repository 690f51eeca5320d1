/* vfork: raw arguments and result only. */
LNR_EXIT_PROG(vfork)
{
	LNR_BEGIN(vfork);

	LNR_END(vfork);
}
