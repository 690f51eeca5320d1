/* floor — load bench/floor.bpf.o (empty programs), attach every program, and wait for
 * SIGTERM/SIGINT. Prints "floor: attached N programs in X ms" on stderr when ready and
 * "floor: events=0 lost=0" on exit (nothing is ever sent to userspace).
 *   usage: floor [OBJECT]   (default: build/bench/floor.bpf.o)
 *          floor --hold-stats
 * --hold-stats loads nothing: it turns the kernel's BPF run-time statistics on (BPF_ENABLE_STATS)
 * and keeps them on until signalled, printing "floor: bpf_stats held". The kernel counts such
 * holders, so another process writing kernel.bpf_stats_enabled=0 meanwhile cannot switch off
 * the statistics the benchmark reads. */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static int hold_stats(void)
{
	int fd = bpf_enable_stats(BPF_STATS_RUN_TIME);
	if (fd < 0) {
		fprintf(stderr, "floor: cannot enable bpf_stats (BPF_ENABLE_STATS): error %d\n",
			fd);
		return 1;
	}
	fprintf(stderr, "floor: bpf_stats held\n");
	while (!stop)
		pause();
	close(fd);
	return 0;
}

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
	const char *path = argc >= 2 ? argv[1] : "build/bench/floor.bpf.o";
	struct bpf_link *links[16];
	int nlinks = 0, rc = 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	if (argc >= 2 && strcmp(argv[1], "--hold-stats") == 0)
		return hold_stats();

	double t0 = now_ms();
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	if (!obj || libbpf_get_error(obj)) {
		fprintf(stderr, "floor: cannot open %s\n", path);
		return 1;
	}
	if (bpf_object__load(obj)) {
		fprintf(stderr, "floor: cannot load %s\n", path);
		goto out;
	}
	struct bpf_program *prog;
	bpf_object__for_each_program(prog, obj)
	{
		if (nlinks == (int)(sizeof(links) / sizeof(links[0])))
			break;
		struct bpf_link *l = bpf_program__attach(prog);
		if (!l || libbpf_get_error(l)) {
			fprintf(stderr, "floor: cannot attach %s\n", bpf_program__name(prog));
			goto out;
		}
		links[nlinks++] = l;
	}
	fprintf(stderr, "floor: attached %d programs in %.0f ms\n", nlinks, now_ms() - t0);
	while (!stop)
		pause();
	fprintf(stderr, "floor: events=0 lost=0\n");
	rc = 0;
out:
	for (int i = nlinks - 1; i >= 0; i--)
		bpf_link__destroy(links[i]);
	bpf_object__close(obj);
	return rc;
}
