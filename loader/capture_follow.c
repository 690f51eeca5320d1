/* capture_follow.c — see capture_follow.h. */
#include "capture_follow.h"

#include <bpf/bpf.h>

#include "common/vec.h"

struct pids {
	int *v;
	size_t n, cap;
};

struct collect {
	const struct proctable *pt;
	int tgid;
	struct pids out;
};

/* Deepest parent chain followed (the table's own bound is larger; a deeper tree is rare). */
#define FOLLOW_DEPTH 1024

static void collect_one(const struct proc_entry *e, void *ctx)
{
	struct collect *c = ctx;
	for (int i = 0; i <= FOLLOW_DEPTH; i++) {
		const struct proc_entry *a = proctable_ancestor(c->pt, e->pid, i);
		if (!a)
			return;
		if (a->pid == c->tgid) {
			VEC_PUSH(c->out, e->pid);
			return;
		}
	}
}

static int mark_all(struct proctable *pt, int fd, int tgid)
{
	struct collect c = {.pt = pt, .tgid = tgid};
	proctable_each(pt, collect_one, &c);
	uint8_t one = 1;
	int n = 0;
	for (size_t i = 0; i < c.out.n; i++) {
		uint32_t k = (uint32_t)c.out.v[i];
		proctable_set_mark(pt, c.out.v[i], true);
		if (bpf_map_update_elem(fd, &k, &one, BPF_ANY) == 0)
			n++;
	}
	VEC_FREE(c.out);
	return n;
}

int capture_follow_start(struct proctable *pt, struct sensor *s, int tgid)
{
	int fd = sensor_map(s, "lnr_follow", NULL, NULL, NULL);
	if (fd < 0)
		return -1;
	mark_all(pt, fd, tgid);
	/* a descendant forked between the table's scan and its marking above by a parent not yet
	 * in the map: it is in /proc now */
	proctable_scan_proc(pt, NULL);
	return mark_all(pt, fd, tgid);
}

bool capture_followed(const struct proctable *pt, int pid, int tgid)
{
	if (pid == tgid)
		return true;
	const struct proc_entry *e = proctable_get(pt, pid);
	return e && e->mark;
}
