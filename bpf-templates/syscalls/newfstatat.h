/* newfstatat(dirfd, path, statbuf, flags): fd_* and A (+ A_BASE) describe dirfd, the fd Falco's
 * fd.* of this event read (fstat(fd) is newfstatat(fd, "", AT_EMPTY_PATH): fd.name is the fd's
 * opened name); AT_FDCWD is no fd. B = the path as given. */
LNR_EXIT_PROG(newfstatat)
{
	LNR_BEGIN(newfstatat);
	lnr_fd_info_path(&e, LNR_SLOT_A, (long)(int)e.rec->args[0]);
	lnr_slot_user_str(&e, LNR_SLOT_B, e.rec->args[1]);
	LNR_END(newfstatat);
}
