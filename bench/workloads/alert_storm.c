/* alert_storm — COUNT × openat(O_RDONLY)+close of /tmp/secret, the path of
 * rules/examples/secret-file.yaml (`fd.name = "/tmp/secret" and evt.dir = <`, no evt.type
 * restriction). Per operation that rule matches two events, both with fd.name=/tmp/secret:
 * the openat exit and the close exit — so the expected alert count is 2 × ops (Falco, as
 * observed, alerts on every event whose fd.name matches, close included).
 * The file must exist beforehand (created by the driver before the agent starts, so its
 * creation is not an alert). Optional RATE (ops/s) paces the loop to measure loss vs rate. */
#include <fcntl.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv, " [RATE_OPS_PER_S]");
	double rate = argc >= 4 ? strtod(argv[3], NULL) : 0;
	double t0 = bench_now();
	long i;
	for (i = 0; i < a.count && !bench_expired(&a, i); i++) {
		if (rate > 0 && (i & 63) == 0) {
			/* pace in batches of 64 so the sleep syscalls stay negligible */
			double due = t0 + (double)i / rate, now = bench_now();
			if (due > now) {
				struct timespec ts = {
					.tv_sec = (time_t)(due - now),
					.tv_nsec = (long)((due - now - (time_t)(due - now)) * 1e9)};
				nanosleep(&ts, NULL);
			}
		}
		int fd = openat(AT_FDCWD, "/tmp/secret", O_RDONLY);
		if (fd < 0) {
			perror("/tmp/secret");
			return 1;
		}
		close(fd);
	}
	double el = bench_now() - t0;
	printf("ops=%ld expected_alerts=%ld rate_ops_per_s=%.0f\n", i, 2 * i, el > 0 ? i / el : 0);
	return 0;
}
