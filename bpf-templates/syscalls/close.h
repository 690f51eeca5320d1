/* close(fd): the fd's description was copied at entry (it is gone at exit); its name is the one
 * it was opened by (A + A_BASE, helpers/fdnames.h), else its path then (LNR_RF_FDNAME_WALK). */
LNR_EXIT_PROG(close)
{
	/* a close its entry gated never gets here: the exit dispatcher took it (sensor.bpf.c,
	 * lnr_close_gate_take) */
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
		e.rec->h.flags |= s->rflags; /* a cut walk, or not the opened name */
		lnr_slot_from_stash(&e, LNR_SLOT_A, s);
		__u32 bl = s->base_len, rl = s->len;
		int off = lnr_slot_off(&e);
		if (bl && off >= 0 && bl <= LNR_FDNAME_MAX && rl <= LNR_FDNAME_MAX) {
			/* the masks change nothing after the tests; the verifier needs them */
			asm volatile("" : "+r"(bl), "+r"(rl));
			bl &= 2 * LNR_FDNAME_MAX - 1;
			rl &= 2 * LNR_FDNAME_MAX - 1;
			bpf_probe_read_kernel(&e.sc->ev[off], bl, &s->data[rl]);
			lnr_slot_done(&e, LNR_SLOT_A_BASE, bl);
		}
	}
	LNR_END(close);
}
