/* close(fd): the fd's description was copied at entry (it is gone at exit). */
LNR_EXIT_PROG(close)
{
#ifdef LNR_CLOSE_GATE
	/* entry found that no rule can match this file (sensor.bpf.c): nothing to build */
	struct lnr_stash *g =
		bpf_task_storage_get(&lnr_stash_map, bpf_get_current_task_btf(), 0, 0);
	if (g && g->gated && g->evt_nr == LNR_NR_close) {
		g->evt_nr = (__u32)-1;
		return 0;
	}
#endif
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
