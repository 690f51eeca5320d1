/* clone: raw arguments and result only. */
LNR_EXIT_PROG(clone)
{
	LNR_BEGIN(clone);

	LNR_END(clone);
}
