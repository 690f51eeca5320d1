/* syscalls.c — x86_64 syscall name ↔ number over the generated syscalls_list.h. */
#include "syscalls.h"

#include <stddef.h>
#include <string.h>

struct sc {
	const char *name;
	int nr;
};

static const struct sc by_nr_order[] = {
#define SYSCALL(name, nr) {#name, nr},
#include "syscalls_list.h"
#undef SYSCALL
};

#define NSC ((int)(sizeof(by_nr_order) / sizeof(by_nr_order[0])))

int syscall_nr(const char *name)
{
	if (!name)
		return -1;
	for (int i = 0; i < NSC; i++)
		if (strcmp(by_nr_order[i].name, name) == 0)
			return by_nr_order[i].nr;
	return -1;
}

const char *syscall_name(int nr)
{
	/* the list is sorted by number: binary search */
	int lo = 0, hi = NSC - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (by_nr_order[mid].nr == nr)
			return by_nr_order[mid].name;
		if (by_nr_order[mid].nr < nr)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

int syscall_max(void)
{
	return by_nr_order[NSC - 1].nr;
}

int syscall_count(void)
{
	return NSC;
}
