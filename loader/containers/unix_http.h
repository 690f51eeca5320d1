/* unix_http.h: one HTTP/1.1 GET over a unix stream socket, with a deadline.
 *
 * Enough for the Docker-compatible API (docker's /run/docker.sock, podman's
 * /run/podman/podman.sock): a single request with `Connection: close`, a response with either
 * Content-Length, chunked transfer coding, or a body ended by EOF. No redirects, no keep-alive,
 * no TLS. The whole exchange (connect, send, receive) is bounded by timeout_ms, so a hung daemon
 * costs at most that much on the calling thread — callers run it on a worker thread, never on the
 * event path.
 */
#ifndef LANNER_UNIX_HTTP_H
#define LANNER_UNIX_HTTP_H

#include <stddef.h>

/* Bodies larger than this are refused (-EFBIG): an inspect answer is a few KiB. */
#define UHTTP_MAX_BODY (4u << 20)

struct uhttp_response {
	int status;	 /* HTTP status code, e.g. 200, 404 */
	char server[64]; /* value of the Server header ("Libpod/4.3.1 (linux)"), "" when absent */
	char *body;	 /* NUL-terminated (decoded when chunked); free with uhttp_response_free */
	size_t body_len;
};

/* GET `target` (e.g. "/containers/<id>/json") from the server on unix socket `socket_path`.
 * Returns 0 with *res filled (any status), or -errno: -ENOENT/-ECONNREFUSED (no server),
 * -ETIMEDOUT (deadline), -EPROTO (malformed response), -EFBIG, -ENOMEM. On error *res holds
 * nothing to free. */
int uhttp_get(const char *socket_path, const char *target, int timeout_ms,
	      struct uhttp_response *res);

void uhttp_response_free(struct uhttp_response *res);

#endif
