/* close(fd): the fd's description was copied at entry (it is gone at exit). */
LNR_EXIT_PROG(close)
{
	LNR_BEGIN(close);
	struct lnr_stash *s = lnr_take_stash(&e);
	e.rec->fd_num = (long)(int)e.rec->args[0];
	if (s) {
		e.rec->fd_kind = s->fd_kind;
		e.rec->fd_mode = s->fd_mode;
		e.rec->fd_ino = s->fd_ino;
		e.rec->fd_dev = s->fd_dev;
		e.rec->fd_flags = s->fd_flags;
		e.rec->sock = s->sock;
		e.rec->h.flags |= s->rflags; /* a cut walk: the name is not whole */
		lnr_slot_from_stash(&e, LNR_SLOT_A, s);
	}
	LNR_END(close);
}
