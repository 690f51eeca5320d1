/* userfaultfd(...) → fd: fd_* describe the new fd. */
LNR_EXIT_PROG(userfaultfd)
{
	LNR_BEGIN(userfaultfd);
	lnr_fd_info(&e, ret);
	LNR_END(userfaultfd);
}
