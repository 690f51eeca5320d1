/* openat2(dirfd, pathname, how, size) → fd. aux[0..2] = how.flags, how.mode, how.resolve. */
LNR_EXIT_PROG(openat2)
{
	LNR_BEGIN(openat2);
	lnr_path_arg(&e, LNR_SLOT_A, e.rec->args[1], (long)e.rec->args[0], 1);
	bpf_probe_read_user(e.rec->aux, 3 * sizeof(__u64), (const void *)e.rec->args[2]);
	lnr_open_fd_info(&e, ret);
	LNR_END(openat2);
}
