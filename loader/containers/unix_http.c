/* unix_http.c: minimal HTTP/1.1 GET over AF_UNIX with an overall deadline. */
#include "containers/unix_http.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

/* Status line plus headers larger than this are malformed for our purpose. */
#define MAX_HEAD (64u << 10)

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits for `events` on fd until the deadline. Returns 0, -ETIMEDOUT, or -errno. */
static int wait_fd(int fd, short events, int64_t deadline)
{
	for (;;) {
		int64_t left = deadline - now_ms();
		struct pollfd p = {.fd = fd, .events = events};
		int n;

		if (left <= 0)
			return -ETIMEDOUT;
		n = poll(&p, 1, (int)left);
		if (n > 0)
			return 0;
		if (n == 0)
			return -ETIMEDOUT;
		if (errno != EINTR)
			return -errno;
	}
}

static int connect_unix(const char *path, int64_t deadline)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd, err;
	socklen_t elen = sizeof(err);

	if (strlen(path) >= sizeof(sa.sun_path))
		return -ENAMETOOLONG;
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
		return fd;
	if (errno != EINPROGRESS && errno != EAGAIN) {
		err = -errno;
		close(fd);
		return err;
	}
	err = wait_fd(fd, POLLOUT, deadline);
	if (err == 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == 0 && err)
		err = -err;
	if (err) {
		close(fd);
		return err;
	}
	return fd;
}

static int send_all(int fd, const char *buf, size_t len, int64_t deadline)
{
	while (len) {
		ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
		if (n > 0) {
			buf += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN)
			return -errno;
		int rc = wait_fd(fd, POLLOUT, deadline);
		if (rc)
			return rc;
	}
	return 0;
}

/* Reads everything until EOF (the request said Connection: close), at most limit bytes. */
static int recv_all(int fd, char **out, size_t *out_len, size_t limit, int64_t deadline)
{
	size_t cap = 8192, len = 0;
	char *buf = malloc(cap + 1);

	if (!buf)
		return -ENOMEM;
	for (;;) {
		if (len == cap) {
			if (cap >= limit) {
				free(buf);
				return -EFBIG;
			}
			size_t ncap = cap * 2 > limit ? limit : cap * 2;
			char *nb = realloc(buf, ncap + 1);
			if (!nb) {
				free(buf);
				return -ENOMEM;
			}
			buf = nb;
			cap = ncap;
		}
		ssize_t n = recv(fd, buf + len, cap - len, 0);
		if (n > 0) {
			len += (size_t)n;
			continue;
		}
		if (n == 0)
			break;
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN) {
			int err = -errno;
			free(buf);
			return err;
		}
		int rc = wait_fd(fd, POLLIN, deadline);
		if (rc) {
			free(buf);
			return rc;
		}
	}
	buf[len] = '\0';
	*out = buf;
	*out_len = len;
	return 0;
}

/* Finds header `name` in the head block [head, end); returns its trimmed value (not
 * NUL-terminated) and length, or NULL. */
static const char *find_header(const char *head, const char *end, const char *name, size_t *vlen)
{
	size_t nl = strlen(name);
	const char *p = strstr(head, "\r\n");

	while (p && p + 2 < end) {
		const char *line = p + 2, *eol = strstr(line, "\r\n");
		if (!eol || eol > end)
			eol = end;
		if ((size_t)(eol - line) > nl && line[nl] == ':' &&
		    strncasecmp(line, name, nl) == 0) {
			const char *v = line + nl + 1;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = eol;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			*vlen = (size_t)(ve - v);
			return v;
		}
		p = eol < end ? eol : NULL;
	}
	return NULL;
}

/* Decodes a chunked body in place. Returns the decoded length or -EPROTO. */
static long dechunk(char *body, size_t len)
{
	size_t in = 0, out = 0;

	for (;;) {
		char *end;
		unsigned long sz;

		if (in >= len || !isxdigit((unsigned char)body[in]))
			return -EPROTO;
		errno = 0;
		sz = strtoul(body + in, &end, 16);
		if (errno || end > body + len)
			return -EPROTO;
		/* Skip chunk extensions up to CRLF. */
		char *crlf = memmem(end, len - (size_t)(end - body), "\r\n", 2);
		if (!crlf)
			return -EPROTO;
		in = (size_t)(crlf - body) + 2;
		if (sz == 0)
			break;
		if (sz > len - in || len - in - sz < 2 || memcmp(body + in + sz, "\r\n", 2) != 0)
			return -EPROTO;
		memmove(body + out, body + in, sz);
		out += sz;
		in += sz + 2;
	}
	body[out] = '\0';
	return (long)out;
}

/* Splits a raw response into status, Server header and body. Takes ownership of raw. */
static int parse_response(char *raw, size_t len, struct uhttp_response *res)
{
	char *hend = memmem(raw, len, "\r\n\r\n", 4);
	const char *v;
	size_t vlen, blen;
	int status;

	if (!hend || (size_t)(hend - raw) > MAX_HEAD || strncmp(raw, "HTTP/1.", 7) != 0 ||
	    len < 12 || raw[8] != ' ' || !isdigit((unsigned char)raw[9]) ||
	    !isdigit((unsigned char)raw[10]) || !isdigit((unsigned char)raw[11]))
		goto bad;
	*hend = '\0';
	status = (raw[9] - '0') * 100 + (raw[10] - '0') * 10 + (raw[11] - '0');
	memset(res, 0, sizeof(*res));
	res->status = status;
	if ((v = find_header(raw, hend, "Server", &vlen))) {
		if (vlen >= sizeof(res->server))
			vlen = sizeof(res->server) - 1;
		memcpy(res->server, v, vlen);
		res->server[vlen] = '\0';
	}
	char *body = hend + 4;
	blen = len - (size_t)(body - raw);
	v = find_header(raw, hend, "Transfer-Encoding", &vlen);
	if (v && vlen >= 7 && strncasecmp(v + vlen - 7, "chunked", 7) == 0) {
		long n = dechunk(body, blen);
		if (n < 0)
			goto bad;
		blen = (size_t)n;
	} else if ((v = find_header(raw, hend, "Content-Length", &vlen))) {
		char num[24];
		char *end;
		if (vlen == 0 || vlen >= sizeof(num))
			goto bad;
		memcpy(num, v, vlen);
		num[vlen] = '\0';
		unsigned long long cl = strtoull(num, &end, 10);
		if (*end || cl > blen)
			goto bad; /* truncated */
		blen = (size_t)cl;
	}
	memmove(raw, body, blen);
	raw[blen] = '\0';
	res->body = raw;
	res->body_len = blen;
	return 0;
bad:
	free(raw);
	memset(res, 0, sizeof(*res));
	return -EPROTO;
}

int uhttp_get(const char *socket_path, const char *target, int timeout_ms,
	      struct uhttp_response *res)
{
	int64_t deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 1000);
	char req[1024];
	char *raw = NULL;
	size_t len = 0;
	int fd, rc, n;

	memset(res, 0, sizeof(*res));
	/* The target is built by our callers from hex ids and names; refuse anything that could
	 * split the request line. */
	for (const char *p = target; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return -EINVAL;
	n = snprintf(req, sizeof(req),
		     "GET %s HTTP/1.1\r\nHost: localhost\r\nUser-Agent: lanner\r\n"
		     "Accept: application/json\r\nConnection: close\r\n\r\n",
		     target);
	if (n < 0 || (size_t)n >= sizeof(req))
		return -EINVAL;
	fd = connect_unix(socket_path, deadline);
	if (fd < 0)
		return fd;
	rc = send_all(fd, req, (size_t)n, deadline);
	if (rc == 0)
		rc = recv_all(fd, &raw, &len, UHTTP_MAX_BODY + MAX_HEAD, deadline);
	close(fd);
	if (rc)
		return rc;
	return parse_response(raw, len, res);
}

void uhttp_response_free(struct uhttp_response *res)
{
	free(res->body);
	res->body = NULL;
	res->body_len = 0;
}
