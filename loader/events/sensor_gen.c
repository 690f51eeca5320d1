/* sensor_gen.c — generations of the kernel programs and the atomic swap on reload (see
 * sensor_gen.h for the mechanism and why it is atomic per event). */
#include "events/sensor_gen.h"

#include <bpf/bpf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/progress.h"
#include "events/bundle_maps.h"
#include "events/skips.h"
#include "common/xalloc.h"

/* clang-format off */
static const char *const shared_names[SENSOR_NSHARED] = {
	[SENSOR_INTERESTING] = "lnr_interesting",
	[SENSOR_EXIT_PROGS] = "lnr_exit_progs",
	[SENSOR_EXEC_PROGS] = "lnr_exec_progs",
	[SENSOR_RING] = "lnr_ring",
	[SENSOR_COUNTERS] = "lnr_counters_map",
	[SENSOR_PROCS] = "lnr_procs",
	[SENSOR_CGCACHE] = "lnr_cgcache",
	[SENSOR_CT_CONFIRMED] = "lnr_ct_confirmed",
	[SENSOR_CT_GEN] = "lnr_ct_gen",
	[SENSOR_STASH] = "lnr_stash_map",
	[SENSOR_STASH_SPILL] = "lnr_stash_spill",
	[SENSOR_SCRATCH] = "lnr_scratch_map",
	[SENSOR_FDNAMES] = "lnr_fdnames",
	[SENSOR_FOLLOW] = "lnr_follow",
};
/* clang-format on */

bool sensor_is_dispatcher(const char *prog)
{
	return !strcmp(prog, "lnr_sys_exit") || !strcmp(prog, "lnr_sched_exec") ||
	       !strcmp(prog, "lnr_sched_fork") || !strcmp(prog, "lnr_sched_exit");
}

int sensor_shared_index(const char *map)
{
	for (int i = 0; i < SENSOR_NSHARED; i++)
		if (!strcmp(shared_names[i], map))
			return i;
	return -1;
}

int sensor_gen_reuse_maps(struct sensor *s, const struct sensor *prev, char *err, size_t errlen)
{
	for (int i = 0; i < SENSOR_NSHARED; i++) {
		struct bpf_map *m = bpf_object__find_map_by_name(s->obj, shared_names[i]);
		int e = m ? bpf_map__reuse_fd(m, prev->shared_fd[i]) : -ENOENT;
		if (e) {
			sensor_fail(err, errlen,
				    "cannot share the map %s with the running rules: %s",
				    shared_names[i], strerror(-e));
			return -1;
		}
		s->shared_fd[i] = fcntl(prev->shared_fd[i], F_DUPFD_CLOEXEC, 0);

		if (s->shared_fd[i] < 0) {
			sensor_fail(err, errlen, "dup: %s", strerror(errno));
			return -1;
		}
	}
	return 0;
}

int sensor_gen_keep_maps(struct sensor *s, char *err, size_t errlen)
{
	for (int i = 0; i < SENSOR_NSHARED; i++) {
		int fd = bpf_object__find_map_fd_by_name(s->obj, shared_names[i]);
		s->shared_fd[i] = fd >= 0 ? fcntl(fd, F_DUPFD_CLOEXEC, 0) : -1;
		if (s->shared_fd[i] < 0) {
			sensor_fail(err, errlen, "the sensor object has no usable map %s",
				    shared_names[i]);
			return -1;
		}
	}
	return 0;
}

static int set_entry(struct sensor *s, int map, uint32_t key, const void *val, const char *what,
		     char *err, size_t errlen)
{
	if (bpf_map_update_elem(s->shared_fd[map], &key, val, BPF_ANY) == 0)
		return 0;
	sensor_fail(err, errlen, "cannot enable %s: %s", what, strerror(errno));
	return -1;
}

int sensor_gen_install(struct sensor *s, const struct sensor *prev, char *err, size_t errlen)
{
	/* a split filter's later parts first: its first part tail-calls into them */
	if (bundle_parts_fill(s->obj, err, errlen))
		return -1;
	struct bpf_program *xr = bpf_object__find_program_by_name(s->obj, "lnr_exec_rules");
	int xfd = xr ? bpf_program__fd(xr) : -1;
	if (xfd >= 0 && set_entry(s, SENSOR_EXEC_PROGS, 0, &xfd, "exec", err, errlen))
		return -1;
	for (int id = 0; id < EVT_COUNT; id++) {
		if (!evtset_test(&s->enabled, id))
			continue;
		const struct evt_info *e = evt_info(id);
		char name[64];
		snprintf(name, sizeof(name), "lnr_x_%s", e->sysname);
		struct bpf_program *p = bpf_object__find_program_by_name(s->obj, name);
		if (!p)
			continue;
		uint32_t nr = (uint32_t)e->nr;
		int fd = bpf_program__fd(p);
		uint32_t want = LNR_SC_EXIT |
				((uint32_t)sensor_enter_kind(e->sysname) << LNR_SC_ENTER_SHIFT);
		/* program first: a syscall marked interesting always finds one */
		if (nr >= LNR_SYSCALL_MAX ||
		    set_entry(s, SENSOR_EXIT_PROGS, nr, &fd, e->name, err, errlen) ||
		    set_entry(s, SENSOR_INTERESTING, nr, &want, e->name, err, errlen))
			return -1;
	}
	/* exit records only while a rule wants procexit (records.h LNR_SC_PROCEXIT) */
	uint32_t pe = s->want_procexit ? LNR_SC_PROCEXIT : 0;
	if (set_entry(s, SENSOR_INTERESTING, LNR_SC_PROCEXIT_KEY, &pe, "procexit", err, errlen))
		return -1;
	if (!prev)
		return 0;
	for (int id = 0; id < EVT_COUNT; id++) {
		const struct evt_info *e = evt_info(id);
		if (!evtset_test(&prev->enabled, id) || evtset_test(&s->enabled, id) || e->nr < 0 ||
		    e->nr >= LNR_SYSCALL_MAX)
			continue;
		uint32_t nr = (uint32_t)e->nr, none = 0;
		/* unmarked first: the dispatcher stops looking before the program goes */
		if (set_entry(s, SENSOR_INTERESTING, nr, &none, e->name, err, errlen))
			return -1;
		bpf_map_delete_elem(s->shared_fd[SENSOR_EXIT_PROGS], &nr);
	}
	return 0;
}

/* Attaches one of this generation's programs, its skipped runs counted from now (skips.h). */
static int attach_counted(struct sensor *s, struct bpf_program *p, struct bpf_link **link,
			  char *err, size_t errlen)
{
	if (s->skips && skips_watch(s->skips, bpf_program__fd(p), s->gen)) {
		sensor_fail(err, errlen, "cannot count the skipped runs of %s: %s",
			    bpf_program__name(p), strerror(errno));
		return -1;
	}
	*link = bpf_program__attach(p);
	if (!*link) {
		sensor_fail(err, errlen, "cannot attach %s: %s", bpf_program__name(p),
			    strerror(errno));
		return -1;
	}
	return 0;
}

int sensor_gen_attach_enter(struct sensor *s, char *err, size_t errlen)
{
	struct bpf_program *p = bpf_object__find_program_by_name(s->obj, "lnr_sys_enter");
	if (!p)
		return 0;
	/* first the program that moves the entry copies of threads switched out, so that no copy
	 * the entry program makes is left behind */
	struct bpf_program *sw = bpf_object__find_program_by_name(s->obj, "lnr_sched_switch");
	if (sw && attach_counted(s, sw, &s->switch_link, err, errlen))
		return -1;
	return attach_counted(s, p, &s->enter_link, err, errlen);
}

void sensor_gen_detach_enter(struct sensor *s)
{
	if (s->enter_link)
		bpf_link__destroy(s->enter_link);
	s->enter_link = NULL;
	if (s->switch_link)
		bpf_link__destroy(s->switch_link);
	s->switch_link = NULL;
}

void sensor_gen_free(struct sensor *s)
{
	if (!s)
		return;
	bpf_object__close(s->obj);
	for (int i = 0; i < SENSOR_NSHARED; i++)
		if (s->shared_fd[i] >= 0)
			close(s->shared_fd[i]);
	free(s);
}

struct sensor *sensor_prepare(struct sensor *cur, const struct sensor_opts *o, char *err,
			      size_t errlen)
{
	return sensor_gen_open(o, cur, err, errlen);
}

/* The close gate's per-file verdict (struct lnr_fdname.gate_pass in bpf-templates/maps/maps.h:
 * after dentry u64, rel_len u16, base_len u16) was computed by the old rules' gate: set it to
 * "may match" in every entry so the new rules never lose a close of a file opened before. */
#define FDNAME_GATE_OFF	 12
#define FDNAME_VALUE_LEN 528

static void regate_fdnames(int fd)
{
	struct bpf_map_info info;
	uint32_t len = sizeof(info);
	memset(&info, 0, sizeof(info));
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len) || info.key_size != 8)
		return;
	if (info.value_size != FDNAME_VALUE_LEN) {
		fprintf(stderr,
			"lanner: reload: warning: opened-name entries of an unknown layout "
			"(%u bytes): their close-gate verdicts are kept\n",
			info.value_size);
		return;
	}
	/* keys first: an update re-inserts the element at the head of its bucket, so updating
	 * while walking would visit the same bucket forever; bounded, as a key evicted meanwhile
	 * restarts the walk from the first one */
	uint64_t *keys = xcalloc(info.max_entries ? info.max_entries : 1, sizeof(*keys));
	uint32_t n = 0;
	void *prev = NULL;
	while (n < info.max_entries && !bpf_map_get_next_key(fd, prev, &keys[n])) {
		prev = &keys[n];
		n++;
	}
	unsigned char val[FDNAME_VALUE_LEN];
	uint32_t pass = 1;
	for (uint32_t i = 0; i < n; i++) {
		if (bpf_map_lookup_elem(fd, &keys[i], val))
			continue; /* gone: its file was closed or evicted */
		memcpy(val + FDNAME_GATE_OFF, &pass, sizeof(pass));
		bpf_map_update_elem(fd, &keys[i], val, BPF_EXIST);
	}
	free(keys);
}

struct sensor *sensor_swap(struct sensor *cur, struct sensor *next, char *err, size_t errlen)
{
	next->skips = cur->skips; /* its entry programs' skips are counted from their attach */
	/* 1. the new entry program runs alongside the old one (same stash, new one last) */
	if (next->need_enter && sensor_gen_attach_enter(next, err, errlen))
		return NULL;
	/* 2. each prog-array entry switches in one update: every event is judged by one side */
	if (sensor_gen_install(next, cur, err, errlen)) {
		/* entries already switched stay switched: both generations' records are read
		 * (v_gen), so nothing is lost or doubled; the caller keeps the new one */
		fprintf(stderr, "lanner: reload: %s (partly switched; continuing)\n", err);
	}
	regate_fdnames(next->shared_fd[SENSOR_FDNAMES]);
	/* 3. the old entry program goes; the dispatchers, ring and poll state move over */
	sensor_gen_detach_enter(cur);
	if (cur->skips)
		skips_detached(cur->skips, cur->gen); /* its skips stay counted */
	memcpy(next->links, cur->links, sizeof(cur->links));
	memcpy(next->dispatch_fd, cur->dispatch_fd, sizeof(cur->dispatch_fd));
	next->nlinks = cur->nlinks;
	next->rb = cur->rb;
	next->pc = cur->pc;
	/* fds handed out before (sensor_map: the container confirmations, the ring) stay valid:
	 * the new generation keeps cur's dups of the shared maps, cur closes the equivalent ones */
	for (int i = 0; i < SENSOR_NSHARED; i++) {
		int t = next->shared_fd[i];
		next->shared_fd[i] = cur->shared_fd[i];
		cur->shared_fd[i] = t;
	}
	next->counters_fd = next->shared_fd[SENSOR_COUNTERS];
	next->procs_fd = next->shared_fd[SENSOR_PROCS];
	sensor_gen_free(cur); /* its programs stay alive while attached or in a prog array */
	return next;
}

void sensor_discard(struct sensor *next)
{
	if (!next)
		return;
	/* a failed swap may have attached some of its entry programs: they go, their skips stay
	 * counted */
	sensor_gen_detach_enter(next);
	if (next->skips)
		skips_detached(next->skips, next->gen);
	sensor_gen_free(next);
}

uint32_t sensor_generation(const struct sensor *s)
{
	return s->gen;
}

static void add_stats(int fd, unsigned long long *ns, unsigned long long *runs)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	memset(&info, 0, sizeof(info));
	if (fd >= 0 && bpf_obj_get_info_by_fd(fd, &info, &len) == 0) {
		*ns += info.run_time_ns;
		*runs += info.run_cnt;
	}
}

void sensor_run_stats(struct sensor *s, unsigned long long *ns, unsigned long long *runs)
{
	*ns = *runs = 0;
	for (int i = 0; i < s->nlinks; i++)
		add_stats(s->dispatch_fd[i], ns, runs);
	struct bpf_program *p;
	bpf_object__for_each_program(p, s->obj)
	{
		if (!sensor_is_dispatcher(bpf_program__name(p)))
			add_stats(bpf_program__fd(p), ns, runs);
	}
}
