/* fields_env.c — proc.env, Falco's way: the process's environment (its exec's, see
 * proctable_env) as the variables joined by single spaces ("A=1 B=2"; a final NUL ends the last
 * variable, an empty one in between stays an empty word), and proc.env[NAME] the value of the
 * first variable named NAME with its leading and trailing spaces removed, "" when no variable
 * has that name or its value is empty. Missing only when the environment is not known. */
#include <string.h>

#include "bundle_meta.h"
#include "eval/fields_extract.h"

/* "NAME=value" → value without surrounding spaces, or NULL when v is not NAME's. */
static const char *env_value(const char *v, size_t vn, const char *name, size_t *out_n)
{
	size_t nl = strlen(name);
	if (vn <= nl + 1 || v[nl] != '=' || memcmp(v, name, nl))
		return NULL;
	const char *s = v + nl + 1, *e = v + vn;
	while (s < e && *s == ' ')
		s++;
	while (e > s && e[-1] == ' ')
		e--;
	*out_n = (size_t)(e - s);
	return s;
}

static bool put(struct fx_ctx *c, struct fieldval *o, const char *s, size_t n, bool nul_to_sp)
{
	char *b = fx_arena_alloc(c, n + 1);
	if (!b)
		return false;
	for (size_t i = 0; i < n; i++)
		b[i] = nul_to_sp && !s[i] ? ' ' : s[i];
	b[n] = 0;
	o->kind = FV_STR;
	o->s = b;
	o->len = n;
	return true;
}

bool fx_proc_env(struct fx_ctx *c, const struct proc_entry *e, const char *arg, struct fieldval *o)
{
	const char *env;
	size_t n;
	if (!proctable_env(c->pt, e, &env, &n))
		return false;
	if (n && !env[n - 1])
		n--; /* the terminator of the last variable */
	if (!arg)
		return put(c, o, env, n, true);
	for (size_t i = 0; i <= n;) {
		const char *v = env + i;
		const char *z = memchr(v, 0, n - i);
		size_t vn = z ? (size_t)(z - v) : n - i;
		size_t val_n;
		const char *val = env_value(v, vn, arg, &val_n);
		if (val)
			return put(c, o, val, val_n, false);
		i += vn + 1;
	}
	return put(c, o, "", 0, false);
}

/* The field names as they appear in canonical conditions and output formats; a name inside a
 * string constant also counts (harmless: the environment is then only shipped for nothing). */
bool fx_meta_reads_env(const struct bundle_meta *m)
{
	static const char *const names[] = {"proc.env", "proc.aenv"};
	for (size_t i = 0; i < m->nrules; i++)
		for (size_t k = 0; k < sizeof(names) / sizeof(names[0]); k++)
			if ((m->rules[i].condition && strstr(m->rules[i].condition, names[k])) ||
			    (m->rules[i].output && strstr(m->rules[i].output, names[k])))
				return true;
	return false;
}
