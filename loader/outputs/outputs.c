/* outputs.c — one bounded queue and one thread per output channel (see outputs.h). */
#include "outputs/outputs.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/xalloc.h"
#include "outputs/channel.h"

struct qitem {
	char *msg;
	size_t len;
	int priority;
};

struct chan {
	const struct chan_ops *ops;
	void *st;
	pthread_t th;
	bool started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct qitem *q;
	size_t cap, head, len;
	bool stop, reopen, busy;
	bool abandoned; /* the exit timeout ran out while it was writing: leave it be */
	_Atomic uint64_t sent, dropped, failed;
};

struct outputs {
	struct chan ch[OUTPUTS_MAX];
	size_t n;
	long timeout_ms;
	bool drained;
};

int chan_write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t w = write(fd, buf, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		len -= (size_t)w;
	}
	return 0;
}

int chan_write_line(int fd, const char *msg, size_t len)
{
	char *line = xmalloc(len + 1);
	memcpy(line, msg, len);
	line[len] = '\n';
	int rc = chan_write_all(fd, line, len + 1);
	int saved = errno;
	free(line);
	errno = saved;
	return rc;
}

int chan_outcome(bool *failing, bool failed, const char *fmt, ...)
{
	if (failed && !*failing) {
		va_list ap;
		va_start(ap, fmt);
		vfprintf(stderr, fmt, ap);
		va_end(ap);
	}
	*failing = failed;
	return failed ? -1 : 0;
}

bool chan_setting_given(const char *value, const char *key, const char *channel, char *err,
			size_t errlen)
{
	if (value && *value)
		return true;
	snprintf(err, errlen, "%s.%s is required when %s is enabled", channel, key, channel);
	return false;
}

static void *chan_main(void *arg)
{
	struct chan *c = arg;
	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->len && !c->stop && !c->reopen)
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->reopen) {
			c->reopen = false;
			pthread_mutex_unlock(&c->mu);
			if (c->ops->reopen)
				c->ops->reopen(c->st);
			pthread_mutex_lock(&c->mu);
			continue;
		}
		if (!c->len)
			break; /* stopping, and nothing left */
		struct qitem it = c->q[c->head];
		c->head = (c->head + 1) % c->cap;
		c->len--;
		c->busy = true;
		pthread_mutex_unlock(&c->mu);
		int rc = c->ops->write(c->st, it.priority, it.msg, it.len);
		free(it.msg);
		pthread_mutex_lock(&c->mu);
		if (c->abandoned)
			break; /* already counted as dropped by outputs_drain */
		atomic_fetch_add(rc == 0 ? &c->sent : &c->failed, 1);
		c->busy = false;
		pthread_cond_broadcast(&c->cv); /* outputs_drain waits for an idle channel */
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

static bool want(const struct lanner_config *c, const struct chan_ops *ops)
{
	if (ops == &chan_file_ops)
		return c->file_output.enabled;
	if (ops == &chan_stdout_ops)
		return c->stdout_output;
	if (ops == &chan_syslog_ops)
		return c->syslog_output;
	if (ops == &chan_program_ops)
		return c->program_output.enabled;
	return c->http_output.enabled;
}

struct outputs *outputs_new(const struct lanner_config *c, char *err, size_t errlen)
{
	static const struct chan_ops *const order[OUTPUTS_MAX] = {
		&chan_file_ops, &chan_stdout_ops, &chan_syslog_ops, &chan_program_ops,
		&chan_http_ops};
	struct outputs *o = xcalloc(1, sizeof(*o));
	o->timeout_ms = c->output_timeout_ms;
	size_t cap = c->outputs_queue_capacity > 0 ? (size_t)c->outputs_queue_capacity
						   : OUTPUTS_QUEUE_DEFAULT;
	for (size_t i = 0; i < OUTPUTS_MAX; i++) {
		if (!want(c, order[i]))
			continue;
		char why[512];
		void *st = order[i]->init(c, why, sizeof(why));
		if (!st) {
			snprintf(err, errlen, "%s output: %s", order[i]->name, why);
			outputs_free(o);
			return NULL;
		}
		struct chan *ch = &o->ch[o->n++];
		ch->ops = order[i];
		ch->st = st;
		ch->cap = cap;
		ch->q = xcalloc(cap, sizeof(*ch->q));
		pthread_mutex_init(&ch->mu, NULL);
		pthread_cond_init(&ch->cv, NULL);
	}
	/* the threads inherit a full signal mask: signals stay with the main thread */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	for (size_t i = 0; i < o->n; i++) {
		int e = pthread_create(&o->ch[i].th, NULL, chan_main, &o->ch[i]);
		o->ch[i].started = e == 0;
		if (e) {
			snprintf(err, errlen, "%s output: cannot start its thread: %s",
				 o->ch[i].ops->name, strerror(e));
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			outputs_free(o);
			return NULL;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return o;
}

void outputs_send(struct outputs *o, int priority, const char *msg)
{
	size_t len = strlen(msg);
	for (size_t i = 0; o && i < o->n; i++) {
		struct chan *c = &o->ch[i];
		pthread_mutex_lock(&c->mu);
		if (c->len == c->cap || c->stop) {
			atomic_fetch_add(&c->dropped, 1);
		} else {
			struct qitem *it = &c->q[(c->head + c->len) % c->cap];
			it->msg = xstrndup(msg, len);
			it->len = len;
			it->priority = priority;
			c->len++;
			pthread_cond_signal(&c->cv);
		}
		pthread_mutex_unlock(&c->mu);
	}
}

void outputs_reopen(struct outputs *o)
{
	for (size_t i = 0; o && i < o->n; i++) {
		struct chan *c = &o->ch[i];
		pthread_mutex_lock(&c->mu);
		c->reopen = true;
		pthread_cond_signal(&c->cv);
		pthread_mutex_unlock(&c->mu);
	}
}

size_t outputs_stats(struct outputs *o, struct output_stats *out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; o && i < o->n && n < max; i++, n++) {
		struct chan *c = &o->ch[i];
		pthread_mutex_lock(&c->mu);
		out[n].queued = c->len;
		pthread_mutex_unlock(&c->mu);
		out[n].name = c->ops->name;
		out[n].sent = atomic_load(&c->sent);
		out[n].dropped = atomic_load(&c->dropped);
		out[n].failed = atomic_load(&c->failed);
	}
	return n;
}

uint64_t outputs_lost(struct outputs *o)
{
	struct output_stats s[OUTPUTS_MAX];
	size_t n = outputs_stats(o, s, OUTPUTS_MAX);
	uint64_t lost = 0;
	for (size_t i = 0; i < n; i++)
		lost += s[i].dropped + s[i].failed;
	return lost;
}

void outputs_print_stats(struct outputs *o, FILE *f)
{
	struct output_stats s[OUTPUTS_MAX];
	size_t n = outputs_stats(o, s, OUTPUTS_MAX);
	fputs("lanner: outputs:", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s %s sent=%llu dropped=%llu failed=%llu", i ? "," : "", s[i].name,
			(unsigned long long)s[i].sent, (unsigned long long)s[i].dropped,
			(unsigned long long)s[i].failed);
	fputs(n ? "\n" : " none\n", f);
}

static void deadline_after(struct timespec *ts, long ms)
{
	clock_gettime(CLOCK_REALTIME, ts);
	ts->tv_sec += ms / 1000;
	ts->tv_nsec += (ms % 1000) * 1000000L;
	if (ts->tv_nsec >= 1000000000L) {
		ts->tv_sec++;
		ts->tv_nsec -= 1000000000L;
	}
}

void outputs_drain(struct outputs *o)
{
	if (!o || o->drained)
		return;
	o->drained = true;
	struct timespec dl;
	deadline_after(&dl, o->timeout_ms > 0 ? o->timeout_ms : 1);
	for (size_t i = 0; i < o->n; i++) {
		struct chan *c = &o->ch[i];
		pthread_mutex_lock(&c->mu);
		c->stop = true;
		pthread_cond_broadcast(&c->cv);
		int e = 0;
		while ((c->len || c->busy) && e != ETIMEDOUT)
			e = pthread_cond_timedwait(&c->cv, &c->mu, &dl);
		if (c->len || c->busy) {
			/* stalled: what is still queued (and the alert being written) will not be
			 * delivered */
			atomic_fetch_add(&c->dropped, c->len + (c->busy ? 1 : 0));
			for (; c->len; c->len--, c->head = (c->head + 1) % c->cap)
				free(c->q[c->head].msg);
			c->abandoned = c->busy;
			if (c->busy)
				fprintf(stderr,
					"lanner: %s output still blocked after %ld ms at exit; "
					"%llu queued alerts dropped\n",
					c->ops->name, o->timeout_ms,
					(unsigned long long)atomic_load(&c->dropped));
		}
		pthread_mutex_unlock(&c->mu);
	}
	for (size_t i = 0; i < o->n; i++)
		if (o->ch[i].started && !o->ch[i].abandoned) {
			pthread_join(o->ch[i].th, NULL);
			o->ch[i].started = false;
		}
}

void outputs_free(struct outputs *o)
{
	if (!o)
		return;
	outputs_drain(o);
	for (size_t i = 0; i < o->n; i++) {
		struct chan *c = &o->ch[i];
		if (c->abandoned)
			continue; /* its thread may still use it: the process is exiting */
		c->ops->fini(c->st);
		for (; c->len; c->len--, c->head = (c->head + 1) % c->cap)
			free(c->q[c->head].msg);
		free(c->q);
		pthread_mutex_destroy(&c->mu);
		pthread_cond_destroy(&c->cv);
	}
	bool any_abandoned = false;
	for (size_t i = 0; i < o->n; i++)
		any_abandoned |= o->ch[i].abandoned;
	if (!any_abandoned)
		free(o);
}
