/* ptrace: raw arguments and result only. */
LNR_EXIT_PROG(ptrace)
{
	LNR_BEGIN(ptrace);

	LNR_END(ptrace);
}
