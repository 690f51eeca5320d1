/* httpd.h — the agent's small HTTP server (Falco's `webserver`): GET /healthz (the configured
 * k8s_healthz_endpoint) answers 200 {"status": "ok"} while the programs are attached and 503
 * otherwise; GET /metrics answers the Prometheus text the event loop last published
 * (metrics.h), or 404 when Prometheus metrics are off.
 *
 * Plain sockets and one thread (connections served one at a time, each bounded: a request
 * larger than 8 KiB or slower than 2 s is answered 413/408 and closed), so a stuck or hostile
 * client can delay other scrapes but never the event loop, which only swaps a string under a
 * mutex. HTTP/1.0 semantics: one request per connection. */
#ifndef LANNER_WEB_HTTPD_H
#define LANNER_WEB_HTTPD_H

#include <stdbool.h>
#include <stddef.h>

struct httpd;

/* Listens on addr:port (IPv4 or IPv6 literal; port 0 = any free port) and starts the thread.
 * healthz: the health path ("/healthz"); metrics: serve /metrics. NULL with err filled when the
 * address cannot be bound. */
struct httpd *httpd_start(const char *addr, int port, const char *healthz, bool metrics, char *err,
			  size_t errlen);
/* The port actually bound (useful with port 0). */
int httpd_port(const struct httpd *h);
/* Health as /healthz reports it. */
void httpd_set_healthy(struct httpd *h, bool healthy);
/* Replaces the /metrics body (copied). */
void httpd_publish(struct httpd *h, const char *body, size_t len);
/* Requests served, refused (too large, too slow, bad). */
void httpd_counts(struct httpd *h, unsigned long long *served, unsigned long long *refused);
void httpd_stop(struct httpd *h);

#endif
