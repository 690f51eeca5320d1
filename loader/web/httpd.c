/* httpd.c — see httpd.h. */
#include "web/httpd.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "common/xalloc.h"

#define REQ_MAX	    8192 /* bytes of request head read; larger is refused */
#define REQ_TIMEOUT 2000 /* ms to receive the head */

struct httpd {
	int fd;
	int port;
	char *healthz;
	bool metrics;
	atomic_bool healthy, stop;
	pthread_mutex_t mu;
	char *body; /* /metrics, guarded by mu */
	size_t body_len;
	atomic_ullong served, refused;
	pthread_t thread;
};

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static void send_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void respond(int fd, int code, const char *reason, const char *type, const char *body,
		    size_t len)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.0 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n",
			 code, reason, type, len);
	send_all(fd, head, (size_t)n);
	send_all(fd, body, len);
}

/* Reads the request head (up to the blank line) within the size and time bounds. Returns its
 * length, -413 when too large, -408 when too slow, -1 when the peer went away. */
static int read_head(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	double deadline = now_ms() + REQ_TIMEOUT;
	for (;;) {
		int left = (int)(deadline - now_ms());
		struct pollfd p = {.fd = fd, .events = POLLIN};
		if (left <= 0 || poll(&p, 1, left) <= 0)
			return -408;
		ssize_t r = recv(fd, buf + n, cap - 1 - n, 0);
		if (r <= 0)
			return -1;
		n += (size_t)r;
		buf[n] = 0;
		if (strstr(buf, "\r\n\r\n") || strstr(buf, "\n\n"))
			return (int)n;
		if (n >= cap - 1)
			return -413;
	}
}

static void serve(struct httpd *h, int fd)
{
	char buf[REQ_MAX + 1], method[16], path[1024];
	int n = read_head(fd, buf, sizeof(buf));
	if (n == -1) {
		h->refused++;
		return;
	}
	if (n < 0) {
		h->refused++;
		const char *m = n == -413 ? "request too large\n" : "request timeout\n";
		respond(fd, -n, n == -413 ? "Payload Too Large" : "Request Timeout", "text/plain",
			m, strlen(m));
		return;
	}
	if (sscanf(buf, "%15s %1023s", method, path) != 2) {
		h->refused++;
		respond(fd, 400, "Bad Request", "text/plain", "bad request\n", 12);
		return;
	}
	char *q = strchr(path, '?');
	if (q)
		*q = 0;
	h->served++;
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		respond(fd, 405, "Method Not Allowed", "text/plain", "GET only\n", 9);
	} else if (!strcmp(path, h->healthz)) {
		bool ok = atomic_load(&h->healthy);
		const char *b = ok ? "{\"status\": \"ok\"}" : "{\"status\": \"not attached\"}";
		respond(fd, ok ? 200 : 503, ok ? "OK" : "Service Unavailable", "application/json",
			b, strlen(b));
	} else if (h->metrics && !strcmp(path, "/metrics")) {
		pthread_mutex_lock(&h->mu);
		char *b = xstrdup(h->body ? h->body : "");
		size_t len = h->body_len;
		pthread_mutex_unlock(&h->mu);
		respond(fd, 200, "OK", "text/plain; version=0.0.4; charset=utf-8", b, len);
		free(b);
	} else {
		respond(fd, 404, "Not Found", "text/plain", "not found\n", 10);
	}
}

static void *run(void *arg)
{
	struct httpd *h = arg;
	while (!atomic_load(&h->stop)) {
		struct pollfd p = {.fd = h->fd, .events = POLLIN};
		if (poll(&p, 1, 200) <= 0)
			continue;
		int c = accept4(h->fd, NULL, NULL, SOCK_CLOEXEC);
		if (c < 0)
			continue;
		serve(h, c);
		close(c);
	}
	return NULL;
}

struct httpd *httpd_start(const char *addr, int port, const char *healthz, bool metrics, char *err,
			  size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	memset(&ss, 0, sizeof(ss));
	struct sockaddr_in *a4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)&ss;
	if (inet_pton(AF_INET, addr, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		sl = sizeof(*a4);
	} else if (inet_pton(AF_INET6, addr, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		sl = sizeof(*a6);
	} else {
		snprintf(err, errlen, "webserver.listen_address '%s': not an IP address", addr);
		return NULL;
	}
	if (port < 0 || port > 65535) {
		snprintf(err, errlen, "webserver.listen_port %d: not a port", port);
		return NULL;
	}
	int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, (struct sockaddr *)&ss, sl) || listen(fd, 16)) {
		snprintf(err, errlen, "web server: cannot listen on %s:%d: %s", addr, port,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	struct httpd *h = xcalloc(1, sizeof(*h));
	h->fd = fd;
	sl = sizeof(ss);
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	h->port = ntohs(ss.ss_family == AF_INET ? a4->sin_port : a6->sin6_port);
	h->healthz = xstrdup(healthz && *healthz ? healthz : "/healthz");
	h->metrics = metrics;
	pthread_mutex_init(&h->mu, NULL);
	/* the thread takes no signals: SIGINT/SIGHUP stay the event loop's */
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, &old);
	int e = pthread_create(&h->thread, NULL, run, h);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (e) {
		snprintf(err, errlen, "web server: cannot start its thread: %s", strerror(e));
		close(fd);
		free(h->healthz);
		free(h);
		return NULL;
	}
	return h;
}

int httpd_port(const struct httpd *h)
{
	return h->port;
}

void httpd_set_healthy(struct httpd *h, bool healthy)
{
	if (h)
		atomic_store(&h->healthy, healthy);
}

void httpd_publish(struct httpd *h, const char *body, size_t len)
{
	if (!h)
		return;
	char *copy = xmalloc(len + 1);
	memcpy(copy, body, len);
	copy[len] = 0;
	pthread_mutex_lock(&h->mu);
	char *old = h->body;
	h->body = copy;
	h->body_len = len;
	pthread_mutex_unlock(&h->mu);
	free(old);
}

void httpd_counts(struct httpd *h, unsigned long long *served, unsigned long long *refused)
{
	*served = h ? atomic_load(&h->served) : 0;
	*refused = h ? atomic_load(&h->refused) : 0;
}

void httpd_stop(struct httpd *h)
{
	if (!h)
		return;
	atomic_store(&h->stop, true);
	pthread_join(h->thread, NULL);
	close(h->fd);
	pthread_mutex_destroy(&h->mu);
	free(h->body);
	free(h->healthz);
	free(h);
}
