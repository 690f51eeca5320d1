/* probe — reads a running agent's counters for bench/run.sh, in one process that starts no other
 * (a shell loop of grep/awk/sleep would fork and exec dozens of processes per second inside the
 * measured window, and an agent counts their syscalls and execs as events).
 *   probe snap  PID [STATS_FILE]        the counters now
 *   probe drain PID [STATS_FILE] [MAX_S] wait until the agent caught up, then the counters
 * Output, one line: agent_ns bpf_ns bpf_runs enter_ns enter_runs exit_ns exit_runs events lost
 * alerts pexec_ns pexec_runs pfork_ns pfork_runs pexit_ns pexit_runs reported_kib — agent_ns: CPU
 * time of all its threads (schedstat, ns); bpf_*: run_time_ns and run_cnt summed over the BPF
 * programs PID holds (each program once, from its fds' fdinfo); enter/exit/pexec/pfork/pexit: those
 * of them attached to the sys_enter / sys_exit / sched_process_exec / _fork / _exit raw tracepoints
 * (its links' tp_name; a tail-called program has no runs of its own: its time is its caller's);
 * reported_kib: the guest's free page reporting to the hypervisor so far (the page_reporting
 * module's reported_kib, 0 without it: memory the host took back, which costs a host fault when
 * the guest reuses it); events/lost/alerts: records, lost_ring_full and alerts of the newest
 * "lanner: metrics:" line in STATS_FILE printed after the call started (the agent prints one every
 * --stats-interval), 0 when there is no STATS_FILE. drain: the agent has caught up when a metrics
 * line shows records >= the events_sent of the first line printed after the call (it read what the
 * kernel had sent by then; at most MAX_S, default 15 s) and its CPU time then grows by less than 2
 * ms in 200 ms (at most 3 s; without STATS_FILE at most MAX_S). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_PROGS 8192

struct prog {
	unsigned long id;
	unsigned long long ns, runs;
	int tp; /* index in TP_NAMES + 1; 0: attached elsewhere or not at all */
};

/* the attach points reported separately, in output order */
static const char *const TP_NAMES[] = {"sys_enter", "sys_exit", "sched_process_exec",
				       "sched_process_fork", "sched_process_exit"};
#define NTP (int)(sizeof(TP_NAMES) / sizeof(TP_NAMES[0]))

static struct prog progs[MAX_PROGS];
static int nprogs;

static double now_s(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec t = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&t, NULL);
}

static struct prog *prog_slot(unsigned long id)
{
	for (int i = 0; i < nprogs; i++)
		if (progs[i].id == id)
			return &progs[i];
	if (nprogs == MAX_PROGS)
		return NULL;
	memset(&progs[nprogs], 0, sizeof(progs[nprogs]));
	progs[nprogs].id = id;
	return &progs[nprogs++];
}

/* One fdinfo file: a program fd (prog_id + run_time_ns/run_cnt) or a link fd (prog_id +
 * tp_name); anything else has no prog_id. */
static void read_fdinfo(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return;
	char line[256], tp[128] = "";
	unsigned long id = 0;
	unsigned long long ns = 0, runs = 0;
	int have_id = 0, have_run = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "prog_id: %lu", &id) == 1)
			have_id = 1;
		else if (sscanf(line, "run_time_ns: %llu", &ns) == 1)
			have_run = 1;
		else if (sscanf(line, "run_cnt: %llu", &runs) == 1)
			;
		else
			sscanf(line, "tp_name: %127s", tp);
	}
	fclose(f);
	if (!have_id)
		return;
	struct prog *p = prog_slot(id);
	if (!p)
		return;
	if (have_run) {
		p->ns = ns;
		p->runs = runs;
	}
	for (int i = 0; i < NTP; i++)
		if (!strcmp(tp, TP_NAMES[i]))
			p->tp = i + 1;
}

/* out[0], out[1]: every program's ns and runs; out[2k], out[2k+1]: those of TP_NAMES[k-1] */
static void prog_stats(int pid, unsigned long long out[2 + 2 * NTP])
{
	char dir[64], path[400];
	memset(out, 0, (2 + 2 * NTP) * sizeof(out[0]));
	nprogs = 0;
	snprintf(dir, sizeof(dir), "/proc/%d/fdinfo", pid);
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		read_fdinfo(path);
	}
	closedir(d);
	for (int i = 0; i < nprogs; i++) {
		out[0] += progs[i].ns;
		out[1] += progs[i].runs;
		if (progs[i].tp) {
			out[2 * progs[i].tp] += progs[i].ns;
			out[2 * progs[i].tp + 1] += progs[i].runs;
		}
	}
}

static unsigned long long agent_ns(int pid)
{
	char dir[64], path[400];
	unsigned long long sum = 0, v;
	snprintf(dir, sizeof(dir), "/proc/%d/task", pid);
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/schedstat", dir, e->d_name);
		FILE *f = fopen(path, "r");
		if (f) {
			if (fscanf(f, "%llu", &v) == 1)
				sum += v;
			fclose(f);
		}
	}
	closedir(d);
	return sum;
}

static unsigned long long reported_kib(void)
{
	unsigned long long v = 0;
	FILE *f = fopen("/sys/module/page_reporting/parameters/reported_kib", "r");
	if (f) {
		if (fscanf(f, "%llu", &v) != 1)
			v = 0;
		fclose(f);
	}
	return v;
}

/* the counters of one metrics line */
struct metrics {
	unsigned long long sent, records, lost, alerts;
};

static unsigned long long kv(const char *line, const char *key)
{
	char pat[64];
	snprintf(pat, sizeof(pat), " %s=", key);
	const char *p = strstr(line, pat);
	return p ? strtoull(p + strlen(pat), NULL, 10) : 0;
}

/* The newest complete "lanner: metrics:" line that starts at or after byte `from` of the file;
 * 1 when there is one. */
static int newest_metrics(const char *file, long from, struct metrics *m)
{
	FILE *f = fopen(file, "r");
	if (!f)
		return 0;
	int found = 0;
	char line[2048];
	if (fseek(f, from, SEEK_SET) == 0)
		while (fgets(line, sizeof(line), f)) {
			size_t n = strlen(line);
			if (n == 0 || line[n - 1] != '\n' || strncmp(line, "lanner: metrics:", 16))
				continue;
			m->sent = kv(line, "events_sent");
			m->records = kv(line, "records");
			m->lost = kv(line, "lost_ring_full");
			m->alerts = kv(line, "alerts");
			found = 1;
		}
	fclose(f);
	return found;
}

static long file_size(const char *file)
{
	struct stat st;
	return stat(file, &st) == 0 ? (long)st.st_size : 0;
}

/* The first metrics line printed after this call (waits up to 2 s for it); 0 if none came. */
static int fresh_metrics(const char *file, struct metrics *m)
{
	long from = file_size(file);
	for (int i = 0; i < 100; i++) {
		if (newest_metrics(file, from, m))
			return 1;
		sleep_ms(20);
	}
	return 0;
}

static void settle(int pid, double max_s)
{
	double t0 = now_s();
	unsigned long long a = agent_ns(pid), b;
	while (now_s() - t0 < max_s) {
		sleep_ms(200);
		b = agent_ns(pid);
		if (b - a < 2000000ULL)
			return;
		a = b;
	}
}

int main(int argc, char **argv)
{
	if (argc < 3 || (strcmp(argv[1], "snap") && strcmp(argv[1], "drain"))) {
		fprintf(stderr, "usage: probe snap|drain PID [STATS_FILE] [MAX_S]\n");
		return 2;
	}
	int pid = atoi(argv[2]);
	const char *stats = argc >= 4 && argv[3][0] ? argv[3] : NULL;
	double max_s = argc >= 5 ? atof(argv[4]) : 15;
	struct metrics m = {0, 0, 0, 0};
	if (!strcmp(argv[1], "drain")) {
		if (stats && fresh_metrics(stats, &m)) {
			unsigned long long target = m.sent;
			double t0 = now_s();
			while (m.records < target && now_s() - t0 < max_s)
				if (!fresh_metrics(stats, &m))
					break;
			settle(pid, 3);
		} else {
			settle(pid, max_s);
		}
	}
	if (stats)
		fresh_metrics(stats, &m);
	unsigned long long ps[2 + 2 * NTP];
	unsigned long long cpu = agent_ns(pid);
	prog_stats(pid, ps);
	printf("%llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", cpu, ps[0], ps[1], ps[2], ps[3],
	       ps[4], ps[5], m.records, m.lost, m.alerts);
	for (int i = 6; i < 2 + 2 * NTP; i++)
		printf(" %llu", ps[i]);
	printf(" %llu\n", reported_kib());
	return 0;
}
