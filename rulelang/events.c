/* events.c — event-type universe, Falco exit-event parameter lists, event-type sets.
 *
 * Everything known of an event type comes from the rows of shared_definitions/event_table.h
 * (parameter lists are Falco's current exit events: libs driver/event_table.c after the "drop
 * enter events" change, former enter params appended; docs/falco-semantics.md: "Events"). Falco
 * PT_* types fold into fields.h ftypes plus an evt_pkind where the ftype alone is lossy. An x86_64
 * syscall with no row is "generic" (params ID, nativeID), as in Falco.
 */
#include "events.h"

#include <pthread.h>
#include <string.h>

#include "shared_definitions/records.h"
#include "syscalls.h"

#define NELEM(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Every parameter of the table's rows, row after row: init hands each row the next nparams. */
static const struct evt_param all_params[] = {
#define LNR_P(n, t, tb, k, l, i)			      {#n, t, tb, k, PL_##l, i},
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params) params
#define LNR_EV(name, falco_name, eflags, dcat, params)	      params
#define LNR_META(name, eflags, params)			      params
#include "shared_definitions/event_table.h"
};

/* One per row, in the same order; nparams counts the row's LNR_P (0 +1 +1...). */
struct row {
	int id;
	const char *falco_name; /* NULL: the id's own name */
	unsigned flags;
	bool followed;
	int enter, dcat;
	int nparams;
};
static const struct row rows[] = {
#define LNR_P(n, t, tb, k, l, i) +1
#define LNR_SC(name, ia32, eflags, enter, dcat, caps, params)                                      \
	{EVT_##name, NULL, eflags, true, LNR_ENTER_##enter, LNR_DCAT_##dcat, 0 params},
#define LNR_EV(name, falco_name, eflags, dcat, params)                                             \
	{EVT_##name, falco_name, eflags, false, LNR_ENTER_NONE, LNR_DCAT_##dcat, 0 params},
#define LNR_META(name, eflags, params)                                                             \
	{EVT_##name, NULL, eflags, false, LNR_ENTER_NONE, LNR_DCAT_NONE, 0 params},
#include "shared_definitions/event_table.h"
};

/* The parameters of a syscall Falco has no dedicated event for. */
static const struct evt_param p_generic[] = {
#define LNR_P(n, t, tb, k, l, i) {#n, t, tb, k, PL_##l, i},
#define LNR_GENERIC(params)	 params
#include "shared_definitions/event_table.h"
};

static struct evt_info infos[EVT_COUNT];
static const char *own_names[EVT_COUNT] = {
#define SYSCALL(name, nr) #name,
#include "syscalls_list.h"
#undef SYSCALL
#define LNR_META(name, eflags, params) #name,
#include "shared_definitions/event_table.h"
};
static const int own_nrs[EVT_COUNT] = {
#define SYSCALL(name, nr) nr,
#include "syscalls_list.h"
#undef SYSCALL
#define LNR_META(name, eflags, params) -1,
#include "shared_definitions/event_table.h"
};

/* Every distinct parameter name, for evt_param_name_known / evt_param_name_prefix. */
static const char *pnames[256];
static int npnames;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void add_pname(const char *n)
{
	for (int i = 0; i < npnames; i++)
		if (strcmp(pnames[i], n) == 0)
			return;
	if (npnames < NELEM(pnames))
		pnames[npnames++] = n;
}

static void init(void)
{
	for (int id = 0; id < EVT_COUNT; id++) {
		struct evt_info *e = &infos[id];
		e->id = (enum evt_id)id;
		e->name = own_names[id];
		e->nr = own_nrs[id];
		e->sysname = e->nr >= 0 ? own_names[id] : NULL;
		e->flags = e->nr >= 0 ? EF_GENERIC : EF_META;
		e->params = e->nr >= 0 ? p_generic : NULL;
		e->nparams = e->nr >= 0 ? NELEM(p_generic) : 0;
	}
	const struct evt_param *next = all_params;
	for (int i = 0; i < NELEM(rows); i++) {
		struct evt_info *e = &infos[rows[i].id];
		if (rows[i].falco_name)
			e->name = rows[i].falco_name;
		e->flags = rows[i].flags;
		e->followed = rows[i].followed;
		e->enter_kind = rows[i].enter;
		e->drop_cat = rows[i].dcat;
		e->nparams = rows[i].nparams;
		e->params = rows[i].nparams ? next : NULL;
		next += rows[i].nparams;
	}
	for (int id = 0; id < EVT_COUNT; id++)
		for (int k = 0; k < infos[id].nparams; k++)
			add_pname(infos[id].params[k].name);
}

static void ensure(void)
{
	pthread_once(&once, init);
}

int evt_count(void)
{
	return EVT_COUNT;
}

const struct evt_info *evt_info(int id)
{
	if (id < 0 || id >= EVT_COUNT)
		return NULL;
	ensure();
	return &infos[id];
}

const char *evt_name(int id)
{
	const struct evt_info *e = evt_info(id);
	return e ? e->name : NULL;
}

int evt_lookup(const char *name)
{
	if (!name)
		return -1;
	ensure();
	for (int id = 0; id < EVT_COUNT; id++)
		if (strcmp(own_names[id], name) == 0 || strcmp(infos[id].name, name) == 0)
			return id;
	return -1;
}

int evt_of_syscall(int nr)
{
	const char *n = syscall_name(nr);
	return n ? evt_lookup(n) : -1;
}

enum evt_ploc evt_open_flags(int id, int *n)
{
	switch (id) {
#define LNR_OPEN(name, where, i)                                                                   \
	case EVT_##name:                                                                           \
		*n = i;                                                                            \
		return PL_##where;
#include "shared_definitions/event_table.h"
	default:
		*n = 0;
		return PL_NONE;
	}
}

const struct evt_param *evt_param_by_name(int id, const char *name, int *index)
{
	const struct evt_info *e = evt_info(id);
	if (!e || !name)
		return NULL;
	for (int i = 0; i < e->nparams; i++)
		if (strcmp(e->params[i].name, name) == 0) {
			if (index)
				*index = i;
			return &e->params[i];
		}
	return NULL;
}

bool evt_param_name_known(const char *name)
{
	if (!name)
		return false;
	ensure();
	for (int i = 0; i < npnames; i++)
		if (strcmp(pnames[i], name) == 0)
			return true;
	return false;
}

size_t evt_param_name_prefix(const char *text)
{
	size_t best = 0;
	if (!text)
		return 0;
	ensure();
	for (int i = 0; i < npnames; i++) {
		size_t n = strlen(pnames[i]);
		if (n > best && strncmp(text, pnames[i], n) == 0)
			best = n;
	}
	return best;
}

/* ---- event-type sets ---- */

void evtset_none(struct evtset *s)
{
	memset(s->bits, 0, sizeof(s->bits));
}

void evtset_all(struct evtset *s)
{
	evtset_none(s);
	evtset_complement(s);
}

void evtset_set(struct evtset *s, int id)
{
	if (id >= 0 && id < EVT_COUNT)
		s->bits[id / 8] |= (uint8_t)(1u << (id % 8));
}

void evtset_clear(struct evtset *s, int id)
{
	if (id >= 0 && id < EVT_COUNT)
		s->bits[id / 8] &= (uint8_t) ~(1u << (id % 8));
}

bool evtset_test(const struct evtset *s, int id)
{
	return id >= 0 && id < EVT_COUNT && (s->bits[id / 8] >> (id % 8)) & 1;
}

void evtset_union(struct evtset *dst, const struct evtset *src)
{
	for (size_t i = 0; i < EVTSET_BYTES; i++)
		dst->bits[i] |= src->bits[i];
}

void evtset_intersect(struct evtset *dst, const struct evtset *src)
{
	for (size_t i = 0; i < EVTSET_BYTES; i++)
		dst->bits[i] &= src->bits[i];
}

void evtset_complement(struct evtset *s)
{
	for (size_t i = 0; i < EVTSET_BYTES; i++)
		s->bits[i] = (uint8_t)~s->bits[i];
	/* keep the padding bits past EVT_COUNT clear so count/equal stay exact */
	if (EVT_COUNT % 8)
		s->bits[EVTSET_BYTES - 1] &= (uint8_t)((1u << (EVT_COUNT % 8)) - 1);
}

size_t evtset_count(const struct evtset *s)
{
	size_t n = 0;
	for (size_t i = 0; i < EVTSET_BYTES; i++)
		n += (size_t)__builtin_popcount(s->bits[i]);
	return n;
}

bool evtset_equal(const struct evtset *a, const struct evtset *b)
{
	return memcmp(a->bits, b->bits, EVTSET_BYTES) == 0;
}

bool evtset_is_all(const struct evtset *s)
{
	return evtset_count(s) == EVT_COUNT;
}

int evtset_next(const struct evtset *s, int from)
{
	for (int id = from < 0 ? 0 : from; id < EVT_COUNT; id++)
		if (evtset_test(s, id))
			return id;
	return -1;
}
