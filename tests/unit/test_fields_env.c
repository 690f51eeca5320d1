/* Tests of proc.env (loader/eval/fields_env.c) on a process whose exec brought its
 * environment: Falco's joining, proc.env[NAME] with its trimming, and the final NUL. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "events/record.h"
#include "eval/fields_extract.h"
#include "fx_fixture.h"

static struct fx_fixture f;

/* pid 4242 exec'd with environment env (n bytes), and an event of it */
static struct proctable *with_env(const char *env, size_t n)
{
	struct proc_exec x = {.pid = 4242, .comm = "true", .env = env, .env_len = n, .sid = -1};
	return fx_fixture_exec(&f, &x);
}

static const char *get(const char *arg)
{
	static struct fieldval o;
	memset(&o, 0, sizeof(o));
	if (!fx_get(&f.c, F_PROC_ENV, arg, &o))
		return NULL;
	cr_assert_eq(o.kind, FV_STR);
	cr_assert_eq(strlen(o.s), o.len);
	return o.s;
}

/* Each case: the environment as the exec shipped it, then (argument, value) pairs; argument
 * NULL is proc.env itself. */
struct env_case {
	const char *env;
	size_t len;
	const char *want[12];
};

static const struct env_case cases[] = {
	{"HOME=/root\0GLIBC_TUNABLES=glibc.malloc.check=0\0X=\0",
	 50,
	 {NULL, "HOME=/root GLIBC_TUNABLES=glibc.malloc.check=0 X=", "GLIBC_TUNABLES",
	  "glibc.malloc.check=0", "HOME", "/root", "X", "", "HOM", ""}},
	/* values trimmed; the last variable without its NUL */
	{"A=  spaced  \0B=2", 16, {NULL, "A=  spaced   B=2", "A", "spaced", "B", "2"}},
	{"", 0, {NULL, "", "HOME", ""}},
};

Test(fields_env, falco_values)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct env_case *k = &cases[i];
		struct proctable *pt = with_env(k->env, k->len);
		for (size_t j = 0; j + 1 < 12 && k->want[j + 1]; j += 2) {
			const char *got = get(k->want[j]);
			cr_assert(got, "case %zu: %s missing", i,
				  k->want[j] ? k->want[j] : "proc.env");
			cr_assert_str_eq(got, k->want[j + 1], "case %zu, %s", i,
					 k->want[j] ? k->want[j] : "proc.env");
		}
		proctable_free(pt);
	}
}

/* a fork starts with its parent's environment */
Test(fields_env, fork_inherits)
{
	static const char env[] = "K=v\0";
	struct proctable *pt = with_env(env, sizeof(env) - 1);
	cr_assert_eq(proctable_on_fork(pt, 4242, 4243, 0, 0), 0);
	f.s.h.pid = f.s.h.tid = 4243;
	fx_begin(&f.c, &f.v, pt, 2, 0);
	cr_assert_str_eq(get(NULL), "K=v");
	proctable_free(pt);
}
