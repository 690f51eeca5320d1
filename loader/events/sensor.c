/* sensor.c — load/attach/poll of the embedded kernel sensor (see sensor.h). */
#include "events/sensor.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <linux/capability.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "common/privileges.h"
#include "bpf_rodata.h"
#include "common/progress.h"
#include "syscalls.h"

#include "events/counters.h"
#include "events/kernel_features.h"
#include "events/sensor_gen.h"
#include "events/skips.h"

static bool verbose_libbpf;

static int libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG || !verbose_libbpf)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* Entry-time copies: which syscalls need one and of what (records.h lnr_enter_kind), from the
 * event table. */
int sensor_enter_kind(const char *sysname)
{
	const struct evt_info *e = evt_info(evt_lookup(sysname));
	return e && e->followed ? e->enter_kind : LNR_ENTER_NONE;
}

/* The per-syscall programs of the object are bpf-templates/syscalls/, one per syscall the event
 * table says the sensor follows. */
bool sensor_supports(int evt_id)
{
	const struct evt_info *e = evt_info(evt_id);
	return e && e->sysname && e->followed;
}

void sensor_fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* Whether the effective capabilities (capget) can load tracing programs: CAP_SYS_ADMIN, or CAP_BPF
 * and CAP_PERFMON. An EACCES from bpf() with them is the verifier's refusal, not a privilege one.
 */
static bool caps_can_load(void)
{
	struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
	struct __user_cap_data_struct d[2];
	if (syscall(SYS_capget, &h, d))
		return false;
	uint64_t eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	return (eff >> CAP_SYS_ADMIN & 1) ||
	       ((eff >> 39 & 1) && (eff >> 38 & 1)); /* BPF, PERFMON */
}

/* LANNER_VERIFIER_STATS=1: per-program verifier statistics on stderr (load-time work). */
static int load_object(struct bpf_object *obj, bool verbose, char *err, size_t errlen)
{
	char *vlog[128] = {0};
	const char *vname[128];
	int nv = 0;
	struct bpf_program *p;
	if (getenv("LANNER_VERIFIER_STATS"))
		bpf_object__for_each_program(p, obj)
		{
			if (bpf_program__autoload(p) && nv < 128 && (vlog[nv] = malloc(1 << 16))) {
				vlog[nv][0] = 0;
				vname[nv] = bpf_program__name(p);
				bpf_program__set_log_level(p, 4);
				bpf_program__set_log_buf(p, vlog[nv++], 1 << 16);
			}
		}
	progress_announce("loading the programs into the kernel (verifier)");
	int rc = bpf_object__load(obj);
	if (rc)
		progress_fail();
	else
		progress_done(NULL);
	for (int i = 0; i < nv; i++) {
		fprintf(stderr, "verifier: %s: %s", vname[i], vlog[i]);
		free(vlog[i]);
	}
	if (!rc)
		return 0;
	if ((rc == -EPERM || rc == -EACCES) && !caps_can_load())
		sensor_fail(err, errlen,
			    "the kernel refused to load the sensor: %s — loading needs CAP_BPF and "
			    "CAP_PERFMON (or CAP_SYS_ADMIN) in the initial user namespace, and no "
			    "LSM policy forbidding bpf()%s",
			    strerror(-rc), verbose ? "" : " (run with -v for libbpf's details)");
	else if (rc == -EACCES)
		/* the capabilities are there: EACCES is the verifier refusing a program it cannot
		 * prove safe (or one over its complexity limit) */
		sensor_fail(
			err, errlen,
			"the kernel's verifier refused a program of the sensor (%s; this process "
			"has the capabilities to load it)%s",
			strerror(-rc), verbose ? "" : " (run with -v for the verifier's log)");
	else
		sensor_fail(err, errlen, "cannot load the sensor into the kernel: %s%s",
			    strerror(-rc), verbose ? "" : " (run with -v for the verifier's log)");
	return -1;
}

/* Opens (o) and loads one generation. With prev, the maps every generation shares are prev's
 * and the attached dispatchers stay prev's: only the rule-dependent programs are loaded. */
struct sensor *sensor_gen_open(const struct sensor_opts *o, const struct sensor *prev, char *err,
			       size_t errlen)
{
	struct sensor *s = calloc(1, sizeof(*s));
	if (!s) {
		sensor_fail(err, errlen, "out of memory");
		return NULL;
	}
	for (int i = 0; i < SENSOR_NSHARED; i++)
		s->shared_fd[i] = -1;
	s->gen = prev ? (prev->gen + 1) & 0xff : 0;
	verbose_libbpf = o->verbose;
	libbpf_set_print(libbpf_print);
	if (!bpf_privileges_ok(err, errlen) || kernel_features_check(err, errlen)) {
		free(s);
		return NULL;
	}

	LIBBPF_OPTS(bpf_object_open_opts, oo, .object_name = "lanner_sensor");
	const void *obj = o->obj ? o->obj : lnr_sensor_obj;
	size_t obj_len = o->obj ? o->obj_len : (size_t)(lnr_sensor_obj_end - lnr_sensor_obj);
	s->obj = bpf_object__open_mem(obj, obj_len, &oo);
	if (!s->obj) {
		sensor_fail(err, errlen, "cannot open the %s object: %s",
			    o->obj ? "bundle's BPF" : "embedded sensor", strerror(errno));
		free(s);
		return NULL;
	}
	/* which event types get a program: the wanted ones we support */
	evtset_none(&s->enabled);
	for (int id = 0; id < EVT_COUNT; id++) {
		if (o->want && !evtset_test(o->want, id))
			continue;
		if (sensor_supports(id))
			evtset_set(&s->enabled, id);
	}
	s->want_procexit = !o->want || evtset_test(o->want, EVT_procexit);
	/* load only the programs needed: unneeded ones are not even verified */
	struct bpf_program *p;
	bpf_object__for_each_program(p, s->obj)
	{
		const char *pn = bpf_program__name(p);
		if (prev && sensor_is_dispatcher(pn))
			bpf_program__set_autoload(p, false); /* prev's stay attached */
		if (strncmp(pn, "lnr_x_", 6))
			continue;
		int id = evt_lookup(pn + 6);
		bpf_program__set_autoload(p, id >= 0 && evtset_test(&s->enabled, id));
	}
	for (int id = 0; id < EVT_COUNT; id++)
		if (evtset_test(&s->enabled, id) && sensor_enter_kind(evt_info(id)->sysname))
			s->need_enter = true;
	bpf_program__set_autoload(bpf_object__find_program_by_name(s->obj, "lnr_sys_enter"),
				  s->need_enter);
	struct bpf_program *sw = bpf_object__find_program_by_name(s->obj, "lnr_sched_switch");
	if (sw)
		bpf_program__set_autoload(sw, s->need_enter);

	struct bpf_map *ring = bpf_object__find_map_by_name(s->obj, "lnr_ring");
	size_t rb = o->ring_bytes ? o->ring_bytes : (4u << 20);
	if (!ring || bpf_map__set_max_entries(ring, rb)) {
		sensor_fail(err, errlen, "cannot size the ring buffer to %zu bytes", rb);
		goto out;
	}
	if (bpf_rodata_set_u32(s->obj, "lnr_cfg_tgid", o->tgid) ||
	    bpf_rodata_set_u32(s->obj, "lnr_cfg_self_tgid", (uint32_t)getpid()) ||
	    bpf_rodata_set_u32(s->obj, "lnr_cfg_proc_records", o->proc_records) ||
	    bpf_rodata_set_u32(s->obj, "lnr_cfg_kernel_ct", !o->no_kernel_ct) ||
	    bpf_rodata_set_u32(s->obj, "lnr_cfg_gen", s->gen) ||
	    bpf_rodata_set_u32(s->obj, "lnr_cfg_nr_execveat", (uint32_t)syscall_nr("execveat"))) {
		sensor_fail(err, errlen, "sensor object has no configuration section");
		goto out;
	}
	/* absent from bundles built before it existed: those are never guarded */
	bpf_rodata_set_u32(s->obj, "lnr_cfg_preempt_guard", kernel_syscall_progs_preemptible());
	/* absent from bundles built before it existed: those read the argument */
	bpf_rodata_set_u32(s->obj, "lnr_cfg_exit_group_dead_arg", kernel_exit_tp_has_group_dead());
	if (bpf_rodata_set_u32(s->obj, "lnr_cfg_exec_env", o->exec_env) && o->exec_env) {
		sensor_fail(err, errlen,
			    "the sensor object cannot ship the environment (proc.env)");
		goto out;
	}
	if (prev && sensor_gen_reuse_maps(s, prev, err, errlen))
		goto out;
	if (load_object(s->obj, o->verbose, err, errlen))
		goto out;
	if (!prev && sensor_gen_keep_maps(s, err, errlen))
		goto out;
	s->counters_fd = s->shared_fd[SENSOR_COUNTERS];
	s->procs_fd = s->shared_fd[SENSOR_PROCS];
	return s;
out:
	sensor_gen_free(s);
	return NULL;
}

struct sensor *sensor_open(const struct sensor_opts *o, char *err, size_t errlen)
{
	struct sensor *s = sensor_gen_open(o, NULL, err, errlen);
	if (s && sensor_gen_install(s, NULL, err, errlen)) {
		sensor_gen_free(s);
		return NULL;
	}
	return s;
}

static int attach_one(struct sensor *s, const char *prog, char *err, size_t errlen)
{
	struct bpf_program *p = bpf_object__find_program_by_name(s->obj, prog);
	if (!p)
		return 0;
	if (skips_watch(s->skips, bpf_program__fd(p), SKIPS_LIFE)) {
		sensor_fail(err, errlen, "cannot count the skipped runs of %s: %s", prog,
			    strerror(errno));
		return -1;
	}
	struct bpf_link *l = bpf_program__attach(p);
	if (!l) {
		sensor_fail(err, errlen, "cannot attach %s: %s", prog, strerror(errno));
		return -1;
	}
	s->dispatch_fd[s->nlinks] = dup(bpf_program__fd(p)); /* for its run-time statistics */
	s->links[s->nlinks++] = l;
	return 0;
}

/* libbpf keeps consuming while the kernel keeps producing, so under a storm ring_buffer__poll
 * would never return to check for SIGTERM. A negative return from the callback makes libbpf
 * stop after the current record (already consumed and handled): we stop after a bounded batch,
 * or when the consumer asks to. */
#define POLL_BATCH	   4096
#define POLL_STOP_SENTINEL (-ECANCELED)

static double clock_s(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double mono_s(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* sensor_drain's bounds: this thread's CPU on it, or the wall clock */
static bool drain_over(const struct sensor_pollctx *pc)
{
	return mono_s() >= pc->drain_deadline ||
	       clock_s(CLOCK_THREAD_CPUTIME_ID) >= pc->drain_cpu_deadline;
}

static int on_ring(void *ctx, void *data, size_t size)
{
	struct sensor_pollctx *pc = ctx;
	pc->batch++;
	int stop = pc->fn(pc->fn_ctx, data, size);
	if (pc->drain && pc->batch % 16 == 0 && drain_over(pc))
		return POLL_STOP_SENTINEL;
	if ((stop && !pc->drain) || pc->batch >= POLL_BATCH)
		return POLL_STOP_SENTINEL;
	return 0;
}

int sensor_attach(struct sensor *s, char *err, size_t errlen)
{
	s->skips = calloc(1, sizeof(*s->skips));
	if (!s->skips) {
		sensor_fail(err, errlen, "out of memory");
		return -1;
	}
	skips_init(s->skips, NULL);
	/* process lifecycle first, so the tables never miss a process the syscalls will name */
	if (attach_one(s, "lnr_sched_fork", err, errlen) ||
	    attach_one(s, "lnr_sched_exec", err, errlen) ||
	    attach_one(s, "lnr_sched_exit", err, errlen))
		return -1;
	if (s->need_enter && sensor_gen_attach_enter(s, err, errlen))
		return -1;
	if (attach_one(s, "lnr_sys_exit", err, errlen))
		return -1;
	s->pc = calloc(1, sizeof(*s->pc));
	if (!s->pc) {
		sensor_fail(err, errlen, "out of memory");
		return -1;
	}
	/* the ring's own fd (a dup every generation shares) keeps it polled across reloads */
	s->rb = ring_buffer__new(s->shared_fd[SENSOR_RING], on_ring, s->pc, NULL);
	if (!s->rb) {
		sensor_fail(err, errlen, "cannot map the ring buffer: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void copy_str(char *dst, size_t n, const char *src)
{
	if (!src)
		src = "";
	snprintf(dst, n, "%s", src);
}

int sensor_seed_procs(struct sensor *s, const struct proctable *pt)
{
	int n = 0;
	struct lnr_proc_value v;
	/* proctable has no iterator: ask it about every pid /proc lists */
	DIR *d = opendir("/proc");
	struct dirent *de;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		char *end;
		long pid = strtol(de->d_name, &end, 10);
		if (*end || pid <= 0)
			continue;
		const struct proc_entry *e = proctable_get(pt, (int)pid);
		if (!e)
			continue;
		memset(&v, 0, sizeof(v));
		v.p.pid = e->pid;
		v.p.tid = e->pid;
		v.p.ppid = e->ppid;
		v.p.uid = e->uid;
		v.p.gid = e->gid;
		v.p.loginuid = e->loginuid < 0 ? 0xffffffffu : (uint32_t)e->loginuid;
		v.p.tty = e->tty;
		v.p.pidns = (uint32_t)e->pidns;
		v.p.mntns = (uint32_t)e->mntns;
		v.p.vpid = e->vpid;
		v.p.sid = e->sid;
		v.p.pgid = e->pgid;
		v.p.start_ts = e->start_ns;
		v.p.pflags = LNR_PF_SEEDED;
		v.p.ct_layout = strcmp(e->container_id, "host") ? 1 : 0;
		copy_str(v.p.comm, sizeof(v.p.comm), e->comm);
		copy_str(v.p.container_id, sizeof(v.p.container_id), e->container_id);
		copy_str(v.exe, sizeof(v.exe), e->exepath);
		v.exe_len = strlen(v.exe) + 1;
		if (strlen(e->exepath) >= sizeof(v.exe))
			v.p.pflags |= LNR_PF_EXE_TRUNC;
		size_t off = 0;
		const char *a0 = e->exe;
		size_t l = strlen(a0) + 1;
		for (int i = -1; i < e->nargs; i++) {
			const char *a = i < 0 ? a0 : e->args[i];
			l = strlen(a) + 1;
			if (off + l > sizeof(v.args)) {
				v.p.pflags |= LNR_PF_ARGS_TRUNC;
				break;
			}
			memcpy(v.args + off, a, l);
			off += l;
		}
		v.args_len = off;
		/* the real cwd read at the scan (what Falco reads from /proc for processes it
		 * did not see start) */
		size_t cl = strlen(e->cwd) + 1;
		if (e->cwd[0] == '/' && cl <= sizeof(v.cwd)) {
			memcpy(v.cwd, e->cwd, cl);
			v.cwd_len = (uint16_t)cl;
		} else {
			v.p.pflags |= LNR_PF_CWD_UNKNOWN;
		}
		/* the executable's inode: a reader can tell the image is still the one described
		 * (and read the whole argv from /proc when the map kept only its start) */
		char xp[64];
		struct stat xs;
		snprintf(xp, sizeof(xp), "/proc/%d/exe", e->pid);
		if (stat(xp, &xs) == 0)
			v.p.exe_ino = xs.st_ino;
		uint32_t key = e->pid;
		if (bpf_map_update_elem(s->procs_fd, &key, &v, BPF_NOEXIST) == 0)
			n++;
	}
	closedir(d);
	return n;
}

int sensor_poll(struct sensor *s, int timeout_ms, sensor_record_fn fn, void *ctx)
{
	s->pc->fn = fn;
	s->pc->fn_ctx = ctx;
	s->pc->batch = 0;
	int n = ring_buffer__poll(s->rb, timeout_ms);
	if (n == POLL_STOP_SENTINEL)
		return s->pc->batch;
	return n;
}

int sensor_map(struct sensor *s, const char *name, uint32_t *key_size, uint32_t *value_size,
	       uint32_t *type)
{
	struct bpf_map *m = bpf_object__find_map_by_name(s->obj, name);
	if (!m)
		return -1;
	int shared = sensor_shared_index(name); /* stable across reloads */
	if (key_size)
		*key_size = bpf_map__key_size(m);
	if (value_size)
		*value_size = bpf_map__value_size(m);
	if (type)
		*type = (uint32_t)bpf_map__type(m);
	return shared >= 0 ? s->shared_fd[shared] : bpf_map__fd(m);
}

void sensor_drain(struct sensor *s, uint64_t until, const uint64_t *received, double max_s,
		  sensor_record_fn fn, void *ctx)
{
	s->pc->fn = fn;
	s->pc->fn_ctx = ctx;
	s->pc->drain = true;
	s->pc->drain_deadline = mono_s() + LNR_DRAIN_WALL_S;
	s->pc->drain_cpu_deadline = clock_s(CLOCK_THREAD_CPUTIME_ID) + max_s;
	while (*received < until && !drain_over(s->pc)) {
		s->pc->batch = 0;
		/* a record the kernel counted as sent may still be in flight: wait briefly */
		int n = ring_buffer__poll(s->rb, 10);
		if (n < 0 && n != POLL_STOP_SENTINEL && n != -EINTR)
			break;
	}
	s->pc->drain = false;
}

unsigned long long sensor_unread(const struct kernel_counts *k, unsigned long long received)
{
	return k->c.sent > received ? k->c.sent - received : 0;
}

_Static_assert(sizeof(struct lnr_counters) % sizeof(uint64_t) == 0,
	       "struct lnr_counters holds __u64 counts only");

void sensor_counters(struct sensor *s, struct kernel_counts *all)
{
	memset(all, 0, sizeof(*all));
	all->skipped_by_kernel = s->skips ? skips_total(s->skips) : 0;
	struct lnr_counters *sum = &all->c;
	int ncpu = libbpf_num_possible_cpus();
	if (ncpu <= 0)
		return;
	/* the per-CPU values are as long as the loaded object's struct (a bundle built before
	 * counters were appended has a shorter one): stride by the map's value size, read what
	 * both know */
	struct bpf_map_info info;
	uint32_t il = sizeof(info);
	memset(&info, 0, sizeof(info));
	size_t vs = sizeof(struct lnr_counters);
	if (!bpf_obj_get_info_by_fd(s->counters_fd, &info, &il) && info.value_size)
		vs = info.value_size;
	size_t stride = (vs + 7) & ~(size_t)7, have = vs < sizeof(*sum) ? vs : sizeof(*sum);
	unsigned char *pc = calloc((size_t)ncpu, stride);
	uint32_t k = 0;
	if (pc && bpf_map_lookup_elem(s->counters_fd, &k, pc) == 0) {
		/* every member is a __u64 count (records.h): the copies add up word by word */
		uint64_t tot[sizeof(*sum) / sizeof(uint64_t)] = {0};
		for (int i = 0; i < ncpu; i++) {
			uint64_t c[sizeof(tot) / sizeof(tot[0])] = {0};
			memcpy(c, pc + (size_t)i * stride, have);
			for (size_t j = 0; j < sizeof(tot) / sizeof(tot[0]); j++)
				tot[j] += c[j];
		}
		memcpy(sum, tot, sizeof(tot));
	}
	free(pc);
}

void sensor_print_counters(const struct kernel_counts *c, void *file)
{
	fputs("lanner: kernel:", (FILE *)file);
	for (size_t i = 0; i < kernel_ncounters; i++)
		fprintf((FILE *)file, " %s=%llu", kernel_counters[i].name,
			(unsigned long long)kernel_counter_value(c, &kernel_counters[i]));
	fputc('\n', (FILE *)file);
}

void sensor_print_proc_map(struct sensor *s, int seeded, const struct lnr_counters *c, void *file)
{
	uint64_t n = 0;
	uint32_t key, *prev = NULL;
	while (n < (1u << 24) && !bpf_map_get_next_key(s->procs_fd, prev, &key)) {
		prev = &key;
		n++;
	}
	uint64_t in = (uint64_t)(seeded > 0 ? seeded : 0) + c->proc_new;
	in = in > c->proc_gone ? in - c->proc_gone : 0;
	fprintf((FILE *)file,
		"lanner: kernel: process_map: entries=%llu added=%llu seeded=%d "
		"deleted_at_exit=%llu "
		"evicted=%llu\n",
		(unsigned long long)n, (unsigned long long)c->proc_new, seeded,
		(unsigned long long)c->proc_gone, (unsigned long long)(in > n ? in - n : 0));
}

const struct evtset *sensor_enabled(const struct sensor *s)
{
	return &s->enabled;
}

void sensor_detach(struct sensor *s)
{
	sensor_gen_detach_enter(s);
	for (int i = s->nlinks - 1; i >= 0; i--) {
		bpf_link__destroy(s->links[i]);
		s->links[i] = NULL;
	}
}

void sensor_close(struct sensor *s)
{
	if (!s)
		return;
	ring_buffer__free(s->rb);
	sensor_detach(s);
	for (int i = s->nlinks - 1; i >= 0; i--)
		close(s->dispatch_fd[i]);
	s->nlinks = 0;
	if (s->skips)
		skips_free(s->skips);
	free(s->skips);
	free(s->pc);
	sensor_gen_free(s);
}
