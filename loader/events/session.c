/* session.c — see session.h. */
#include "events/session.h"

#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "eval/fields_extract.h"

volatile sig_atomic_t session_stop;
volatile sig_atomic_t session_reload;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		session_reload = 1;
	else
		session_stop = 1;
}

void session_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

double session_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int session_loop(struct session *ss, double max_s, sensor_record_fn on_record, void *rec_ctx,
		 int (*tick)(void *tick_ctx), void *tick_ctx)
{
	double deadline = max_s > 0 ? session_now() + max_s : 0;
	while (!session_stop) {
		int n = sensor_poll(ss->s, 100, on_record, rec_ctx);
		if (n < 0 && n != -EINTR) {
			fprintf(stderr, "lanner: ring buffer poll failed: %s\n", strerror(-n));
			return 1;
		}
		int t = tick ? tick(tick_ctx) : 0;
		if (t)
			return t < 0 ? 1 : 0;
		if (deadline && session_now() >= deadline)
			break;
	}
	return 0;
}

/* Queues the metadata lookup of e's container (non-blocking; a cached id costs one hash probe). */
static void prefetch(const struct proc_entry *e, void *cm)
{
	const struct container_info *ci;
	if (strcmp(e->container_id, "host") != 0)
		container_meta_get(cm, e->container_id, NULL, &ci);
}

int session_start(struct session *ss, const struct sensor_opts *o, struct proctable *pt,
		  int (*after_load)(void *ctx, struct sensor *s, char *err, size_t errlen),
		  void *ctx, char *err, size_t errlen)
{
	memset(ss, 0, sizeof(*ss));
	ss->cm = container_meta_new(NULL);
	struct cgroup_loose_resolver inner = {0};
	if (ss->cm)
		inner = container_meta_loose_resolver(ss->cm);
	ct_confirm_init(&ss->cc, &inner, NULL);
	struct cgroup_loose_resolver loose = ct_confirm_resolver(&ss->cc);
	proctable_set_loose_resolver(pt, &loose);
	double t0 = session_now();
	ss->s = sensor_open(o, err, errlen);
	if (!ss->s || (after_load && after_load(ctx, ss->s, err, errlen)) ||
	    sensor_attach(ss->s, err, errlen)) {
		session_close(ss);
		return -1;
	}
	ct_confirm_bind(&ss->cc, sensor_map(ss->s, "lnr_ct_confirmed", NULL, NULL, NULL),
			sensor_map(ss->s, "lnr_ct_gen", NULL, NULL, NULL));
	ss->load_ms = (session_now() - t0) * 1000;
	/* attach before the scan: a process born in between is in one of the two */
	ss->nproc = proctable_scan_proc(pt, NULL);
	ss->nseed = sensor_seed_procs(ss->s, pt);
	/* Like Falco's container plugin, which lists the running containers at start: rules that
	 * test container.image & co. on the first event of an older container must see them. */
	if (ss->cm)
		proctable_each(pt, prefetch, ss->cm);
	ss->boot_to_epoch = fx_boot_to_epoch();
	malloc_trim(0); /* libbpf's parse of the kernel BTF is done: give its heap back */
	return 0;
}

void session_close(struct session *ss)
{
	if (ss->s)
		sensor_close(ss->s);
	ss->s = NULL;
	ct_confirm_free(&ss->cc);
	if (ss->cm)
		container_meta_free(ss->cm);
	ss->cm = NULL;
}
