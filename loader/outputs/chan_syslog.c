/* chan_syslog.c — the syslog output (Falco's outputs_syslog: syslog(priority, "%s", msg), the
 * Falco priority 0..7 being the syslog severity LOG_EMERG..LOG_DEBUG, facility LOG_USER).
 *
 * A small client of its own instead of syslog(3), so that the destination can be chosen
 * (lanner.syslog_address: a unix socket path, default /dev/log, or "udp:HOST:PORT") and a
 * stalled syslog daemon only ever blocks this thread. The datagram is what glibc's syslog()
 * sends: "<PRI>Mmm dd hh:mm:ss lanner[PID]: MSG" (RFC 3164), no trailing newline. */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "common/strbuf.h"
#include "common/xalloc.h"
#include "outputs/channel.h"

struct st_syslog {
	char *addr;
	int fd;	     /* -1 when not connected */
	bool stream; /* a SOCK_STREAM unix socket: messages end with a NUL */
	bool failing;
};

static int connect_unix(struct st_syslog *s, int type)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	if (strlen(s->addr) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, s->addr);
	int fd = socket(AF_UNIX, type | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	s->fd = fd;
	s->stream = type == SOCK_STREAM;
	return 0;
}

static int connect_udp(struct st_syslog *s)
{
	const char *hp = s->addr + 4;
	const char *colon = strrchr(hp, ':');
	if (!colon || colon == hp) {
		errno = EINVAL;
		return -1;
	}
	char *host = xstrndup(hp, (size_t)(colon - hp));
	struct addrinfo hints = {.ai_socktype = SOCK_DGRAM}, *ai = NULL;
	int g = getaddrinfo(host, colon + 1, &hints, &ai);
	free(host);
	if (g) {
		errno = EHOSTUNREACH;
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen)) {
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	s->fd = fd;
	s->stream = false;
	return fd < 0 ? -1 : 0;
}

static int syslog_connect(struct st_syslog *s)
{
	if (!strncmp(s->addr, "udp:", 4))
		return connect_udp(s);
	if (connect_unix(s, SOCK_DGRAM) == 0)
		return 0;
	return connect_unix(s, SOCK_STREAM);
}

static bool valid_addr(const char *a)
{
	return *a == '/' || (!strncmp(a, "udp:", 4) && strrchr(a + 4, ':'));
}

static void *syslog_init(const struct lanner_config *c, char *err, size_t errlen)
{
	const char *a = c->lanner.syslog_address && *c->lanner.syslog_address
				? c->lanner.syslog_address
				: "/dev/log";
	if (!valid_addr(a)) {
		snprintf(err, errlen,
			 "lanner.syslog_address '%s': expected a unix socket path or udp:HOST:PORT",
			 a);
		return NULL;
	}
	struct st_syslog *s = xcalloc(1, sizeof(*s));
	s->addr = xstrdup(a);
	s->fd = -1;
	/* like syslog(3): a missing daemon is not an error until an alert must go out */
	if (syslog_connect(s))
		s->fd = -1;
	return s;
}

static int syslog_send(struct st_syslog *s, const char *buf, size_t len)
{
	if (s->fd < 0 && syslog_connect(s))
		return -1;
	ssize_t w = send(s->fd, buf, len, MSG_NOSIGNAL);
	if (w == (ssize_t)len)
		return 0;
	/* the daemon restarted (ECONNREFUSED/ENOTCONN): reconnect once and retry */
	close(s->fd);
	s->fd = -1;
	if (syslog_connect(s))
		return -1;
	return send(s->fd, buf, len, MSG_NOSIGNAL) == (ssize_t)len ? 0 : -1;
}

static int syslog_write(void *st, int priority, const char *msg, size_t len)
{
	struct st_syslog *s = st;
	char tb[32];
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(tb, sizeof(tb), "%h %e %T", &tm);
	struct strbuf b = {0};
	sb_addf(&b, "<%d>%s lanner[%d]: ", 8 + (priority & 7), tb, (int)getpid());
	sb_addn(&b, msg, len);
	int rc = syslog_send(s, b.s, b.len + (s->stream ? 1 : 0));
	chan_outcome(&s->failing, rc != 0, "lanner: syslog output: %s: %s\n", s->addr,
		     strerror(errno));
	sb_free(&b);
	return rc;
}

static void syslog_reopen(void *st)
{
	struct st_syslog *s = st;
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

static void syslog_fini(void *st)
{
	struct st_syslog *s = st;
	syslog_reopen(s);
	free(s->addr);
	free(s);
}

CHAN_OPS(syslog, syslog_reopen);
