/* bpf: raw arguments and result only. */
LNR_EXIT_PROG(bpf)
{
	LNR_BEGIN(bpf);

	LNR_END(bpf);
}
