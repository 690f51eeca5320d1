/* chan_http.c — the http output (Falco's outputs_http, what Falcosidekick receives): each alert
 * string POSTed as the body to http_output.url, Content-Type application/json with json_output
 * else text/plain, Falco's TLS options (insecure, ca_cert / ca_bundle / ca_path, mtls with
 * client_cert and client_key), user_agent, keep_alive (TCP keep-alive), echo (the response body
 * to stdout; otherwise discarded).
 *
 * Unlike Falco, which waits for a receiver as long as the connection stays open, every attempt
 * ends after output_timeout ms; a failed attempt (no connection, a timeout, a 5xx or 429 answer)
 * is retried up to http_output.max_consecutive_timeouts times with a doubling pause from 100 ms
 * (at most 2 s). Meanwhile new alerts wait in the channel's queue, and are dropped and counted
 * when it is full. */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/xalloc.h"
#include "outputs/channel.h"

struct st_http {
	CURL *curl;
	struct curl_slist *headers;
	char *url;
	long retries;
	bool failing;
};

static size_t discard(void *p, size_t size, size_t n, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * n;
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;
static void curl_start(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

/* Falco strips one level of quotes around the URL. */
static char *unquote(const char *u)
{
	size_t l = strlen(u);
	if (l >= 2 && (u[0] == '"' || u[0] == '\'') && u[l - 1] == u[0])
		return xstrndup(u + 1, l - 2);
	return xstrdup(u);
}

static void *http_init(const struct lanner_config *c, char *err, size_t errlen)
{
	const struct cfg_http_output *h = &c->http_output;
	if (!chan_setting_given(h->url, "url", "http_output", err, errlen))
		return NULL;
	pthread_once(&curl_once, curl_start);
	struct st_http *s = xcalloc(1, sizeof(*s));
	s->curl = curl_easy_init();
	if (!s->curl) {
		snprintf(err, errlen, "libcurl failed to initialise");
		free(s);
		return NULL;
	}
	s->url = unquote(h->url);
	s->retries = h->max_consecutive_timeouts;
	s->headers = curl_slist_append(NULL, c->opt.json_output ? "Content-Type: application/json"
								: "Content-Type: text/plain");
	CURL *k = s->curl;
	long tmo = c->output_timeout_ms > 0 ? c->output_timeout_ms : 2000;
	CURLcode r = curl_easy_setopt(k, CURLOPT_URL, s->url);
	r = r ? r : curl_easy_setopt(k, CURLOPT_HTTPHEADER, s->headers);
	r = r ? r : curl_easy_setopt(k, CURLOPT_USERAGENT, h->user_agent ? h->user_agent : "");
	r = r ? r : curl_easy_setopt(k, CURLOPT_NOSIGNAL, 1L);
	r = r ? r : curl_easy_setopt(k, CURLOPT_TIMEOUT_MS, tmo);
	r = r ? r : curl_easy_setopt(k, CURLOPT_CONNECTTIMEOUT_MS, tmo);
	if (!r && h->insecure) {
		r = curl_easy_setopt(k, CURLOPT_SSL_VERIFYPEER, 0L);
		r = r ? r : curl_easy_setopt(k, CURLOPT_SSL_VERIFYHOST, 0L);
	}
	if (!r && h->mtls) {
		r = curl_easy_setopt(k, CURLOPT_SSLCERT, h->client_cert ? h->client_cert : "");
		r = r ? r : curl_easy_setopt(k, CURLOPT_SSLKEY, h->client_key ? h->client_key : "");
	}
	if (!r && h->ca_cert && *h->ca_cert)
		r = curl_easy_setopt(k, CURLOPT_CAINFO, h->ca_cert);
	else if (!r && h->ca_bundle && *h->ca_bundle)
		r = curl_easy_setopt(k, CURLOPT_CAINFO, h->ca_bundle);
	else if (!r && h->ca_path && *h->ca_path)
		r = curl_easy_setopt(k, CURLOPT_CAPATH, h->ca_path);
	if (!r && !h->echo)
		r = curl_easy_setopt(k, CURLOPT_WRITEFUNCTION, discard);
	if (!r && h->compress_uploads)
		r = curl_easy_setopt(k, CURLOPT_TRANSFER_ENCODING, 1L);
	if (!r && h->keep_alive)
		r = curl_easy_setopt(k, CURLOPT_TCP_KEEPALIVE, 1L);
	if (r) {
		snprintf(err, errlen, "libcurl: %s", curl_easy_strerror(r));
		curl_slist_free_all(s->headers);
		curl_easy_cleanup(s->curl);
		free(s->url);
		free(s);
		return NULL;
	}
	return s;
}

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	while (nanosleep(&ts, &ts))
		;
}

/* One POST: 0 when the receiver accepted it (2xx/3xx/4xx other than 429: a retry would not
 * help), 1 when worth retrying, with the reason in why. */
static int post_once(struct st_http *s, const char *msg, size_t len, char *why, size_t wl)
{
	curl_easy_setopt(s->curl, CURLOPT_POSTFIELDS, msg);
	curl_easy_setopt(s->curl, CURLOPT_POSTFIELDSIZE, (long)len);
	CURLcode r = curl_easy_perform(s->curl);
	if (r) {
		snprintf(why, wl, "%s", curl_easy_strerror(r));
		return 1;
	}
	long code = 0;
	curl_easy_getinfo(s->curl, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 500 || code == 429) {
		snprintf(why, wl, "HTTP status %ld", code);
		return 1;
	}
	if (code >= 400) {
		snprintf(why, wl, "HTTP status %ld", code);
		return -1;
	}
	return 0;
}

static int http_write(void *st, int priority, const char *msg, size_t len)
{
	struct st_http *s = st;
	(void)priority;
	char why[256] = "";
	long pause = 100;
	int rc = post_once(s, msg, len, why, sizeof(why));
	for (long i = 0; rc == 1 && i < s->retries; i++) {
		pause_ms(pause);
		pause = pause * 2 > 2000 ? 2000 : pause * 2;
		rc = post_once(s, msg, len, why, sizeof(why));
	}
	return chan_outcome(&s->failing, rc != 0, "lanner: http output: %s: %s%s\n", s->url, why,
			    rc == 1 ? " (after retries)" : "");
}

static void http_fini(void *st)
{
	struct st_http *s = st;
	curl_slist_free_all(s->headers);
	curl_easy_cleanup(s->curl);
	free(s->url);
	free(s);
}

CHAN_OPS(http, NULL);
