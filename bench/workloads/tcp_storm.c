/* tcp_storm — COUNT × connect/accept/close over 127.0.0.1 (loopback only). A server thread
 * accepts and closes; the client closes with SO_LINGER 0 (RST) so no TIME_WAIT sockets pile up
 * and exhaust the ephemeral ports. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"

static int lfd;

static void *server(void *arg)
{
	(void)arg;
	for (;;) {
		int c = accept(lfd, NULL, NULL);
		if (c < 0)
			return NULL; /* listener shut down */
		close(c);
	}
}

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv, "");
	struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = 0};
	socklen_t sl = sizeof(sa);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	lfd = socket(AF_INET, SOCK_STREAM, 0);
	if (lfd < 0 || bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) || listen(lfd, 512) ||
	    getsockname(lfd, (struct sockaddr *)&sa, &sl)) {
		perror("listen socket");
		return 1;
	}
	pthread_t th;
	if (pthread_create(&th, NULL, server, NULL)) {
		fprintf(stderr, "pthread_create failed\n");
		return 1;
	}
	struct linger lg = {.l_onoff = 1, .l_linger = 0};
	long i;
	for (i = 0; i < a.count && !bench_expired(&a, i); i++) {
		int c = socket(AF_INET, SOCK_STREAM, 0);
		if (c < 0) {
			perror("socket");
			break;
		}
		if (connect(c, (struct sockaddr *)&sa, sizeof(sa))) {
			perror("connect");
			close(c);
			break;
		}
		setsockopt(c, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg));
		close(c);
	}
	shutdown(lfd, SHUT_RDWR);
	close(lfd);
	pthread_join(th, NULL);
	printf("ops=%ld\n", i);
	return 0;
}
