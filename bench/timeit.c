/* timeit — run a command and report its cost as one line of key=value pairs:
 *   timeit RESULT_FILE CMD [ARGS...]
 * writes `wall_s=… user_s=… sys_s=… maxrss_kb=… status=…` to RESULT_FILE. user/sys come from
 * wait4() (the child plus the descendants it waited for); wall from CLOCK_MONOTONIC around
 * fork..wait. The command's stdout/stderr are inherited. Exit status: the command's. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double tv_s(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: timeit RESULT_FILE CMD [ARGS...]\n");
		return 2;
	}
	double t0 = now_s();
	pid_t p = fork();
	if (p < 0) {
		perror("fork");
		return 2;
	}
	if (p == 0) {
		execvp(argv[2], argv + 2);
		perror(argv[2]);
		_exit(127);
	}
	int st;
	struct rusage ru;
	if (wait4(p, &st, 0, &ru) < 0) {
		perror("wait4");
		return 2;
	}
	double wall = now_s() - t0;
	int code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	FILE *f = fopen(argv[1], "w");
	if (!f) {
		perror(argv[1]);
		return 2;
	}
	fprintf(f, "wall_s=%.6f user_s=%.6f sys_s=%.6f maxrss_kb=%ld status=%d\n", wall,
		tv_s(ru.ru_utime), tv_s(ru.ru_stime), ru.ru_maxrss, code);
	fclose(f);
	return code;
}
