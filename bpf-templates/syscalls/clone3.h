/* clone3(args, size): aux[0] = clone_args.flags. */
LNR_EXIT_PROG(clone3)
{
	LNR_BEGIN(clone3);
	bpf_probe_read_user(&e.rec->aux[0], sizeof(__u64), (const void *)e.rec->args[0]);
	LNR_END(clone3);
}
