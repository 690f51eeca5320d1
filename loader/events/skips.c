/* skips.c — see skips.h. */
#include "events/skips.h"

#include <bpf/bpf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/xalloc.h"

uint64_t skips_read_prog(int fd)
{
	struct bpf_prog_info info;
	uint32_t len = sizeof(info);
	memset(&info, 0, sizeof(info));
	/* a kernel older than the field fills less of info: recursion_misses stays 0 */
	if (fd < 0 || bpf_obj_get_info_by_fd(fd, &info, &len))
		return 0;
	return info.recursion_misses;
}

void skips_init(struct skips *k, skips_read_fn read)
{
	memset(k, 0, sizeof(*k));
	k->read = read ? read : skips_read_prog;
}

int skips_watch(struct skips *k, int prog_fd, uint32_t gen)
{
	int fd = fcntl(prog_fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (k->n == k->cap) {
		k->cap = k->cap ? 2 * k->cap : 8;
		k->p = xreallocarray(k->p, (size_t)k->cap, sizeof(*k->p));
	}
	k->p[k->n++] = (struct skips_prog){.fd = fd, .base = k->read(fd), .gen = gen};
	return 0;
}

/* What p counted since its base (a count never goes down; guarded all the same). */
static uint64_t since(const struct skips *k, const struct skips_prog *p)
{
	uint64_t v = k->read(p->fd);
	return v > p->base ? v - p->base : 0;
}

void skips_detached(struct skips *k, uint32_t gen)
{
	int w = 0;
	for (int i = 0; i < k->n; i++) {
		struct skips_prog *p = &k->p[i];
		if (p->detached) {
			k->folded += since(k, p);
			close(p->fd);
			continue;
		}
		if (p->gen == gen)
			p->detached = true;
		k->p[w++] = *p;
	}
	k->n = w;
}

uint64_t skips_total(const struct skips *k)
{
	uint64_t t = k->folded;
	for (int i = 0; i < k->n; i++)
		t += since(k, &k->p[i]);
	return t;
}

void skips_free(struct skips *k)
{
	for (int i = 0; i < k->n; i++)
		close(k->p[i].fd);
	free(k->p);
	memset(k, 0, sizeof(*k));
}
