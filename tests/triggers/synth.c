/* synth.c — evaluates one rule's condition, as Lanner's userspace evaluator does, on a synthetic
 * event whose field values are given on the command line. tests/integration/triggers.test.sh
 * uses it for rules that cannot be triggered for real on this machine (a value Lanner does not
 * capture yet, a name that does not resolve here): the rule's logic is still checked against
 * the event Falco would see.
 *
 *   synth RULES_FILE... -- "RULE NAME" FIELD=VALUE...
 *
 * FIELD is a field as rules write it: proc.name, proc.aname[2], evt.arg.flags, fd.sip.name, ...
 * A field not given has no value (Falco's "not available"). Values are typed by the field's
 * class: numbers (decimal), booleans (true/false), IP addresses, strings (as given).
 * Prints "match" or "no match" and exits 0 / 1; 2 on a usage or load error.
 * Build (from the repository root, after make):
 *   cc -D_GNU_SOURCE -I. -Irulelang -Iloader -o synth tests/triggers/synth.c \
 *      build/obj/rulelang/\*.o build/obj/common/\*.o build/obj/loader/eval/eval.o \
 *      build/obj/loader/eval/operators.o -lyaml -lre2 -lstdc++ -lcrypto -lz -ljson-c
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "eval/eval.h"
#include "fields.h"
#include "rules.h"

struct assign {
	const char *key; /* "proc.aname[2]", "evt.arg.flags" */
	size_t keylen;
	const char *val;
};

struct event {
	struct assign *a;
	int n;
};

/* The key a rule's operand names: the field, plus "[arg]" or ".arg" as the rule wrote it;
 * ancestor fields asked with a level (anc) are looked up as "name[anc]". */
static const struct assign *find(const struct event *ev, const struct operand *o, int anc)
{
	const char *name = o->field->name, *arg = field_operand_arg(o);
	char k1[512], k2[512];
	if (anc > 0 && !arg)
		snprintf(k1, sizeof(k1), "%s[%d]", name, anc);
	else if (arg)
		snprintf(k1, sizeof(k1), "%s[%s]", name, arg);
	else
		snprintf(k1, sizeof(k1), "%s", name);
	snprintf(k2, sizeof(k2), "%s.%s", name, arg ? arg : "");
	for (int i = 0; i < ev->n; i++) {
		const struct assign *a = &ev->a[i];
		if ((strlen(k1) == a->keylen && !strncmp(k1, a->key, a->keylen)) ||
		    (arg && strlen(k2) == a->keylen && !strncmp(k2, a->key, a->keylen)))
			return a;
	}
	return NULL;
}

static bool is_unsigned(enum ftype t)
{
	const char *n = ftype_name(t);
	return !strncmp(n, "UINT", 4) || !strcmp(n, "PORT") || !strncmp(n, "FLAGS", 5) ||
	       !strcmp(n, "MODE") || !strcmp(n, "RELTIME") || !strcmp(n, "ABSTIME");
}

static bool getter(void *ctx, const struct operand *o, struct fieldval *out)
{
	const struct event *ev = ctx;
	if (!o || !o->field)
		return false;
	const struct assign *a = find(ev, o, out->anc);
	if (!a)
		return false;
	switch (ftype_class(o->field->type)) {
	case FTC_NUMERIC:
		out->kind = is_unsigned(o->field->type) ? FV_UINT : FV_INT;
		out->i = strtoll(a->val, NULL, 10);
		return true;
	case FTC_BOOL:
		out->kind = FV_BOOL;
		out->i = !strcmp(a->val, "true");
		return true;
	case FTC_IPADDR:
	case FTC_IPNET:
		out->kind = FV_IP;
		out->family = strchr(a->val, ':') ? 6 : 4;
		return inet_pton(out->family == 6 ? AF_INET6 : AF_INET, a->val, out->ip) == 1;
	case FTC_STRING:
	case FTC_BYTEBUF:
		break;
	}
	out->kind = FV_STR;
	out->s = a->val;
	out->len = strlen(a->val);
	return true;
}

int main(int argc, char **argv)
{
	int sep = 1;
	while (sep < argc && strcmp(argv[sep], "--"))
		sep++;
	if (sep == 1 || sep + 1 >= argc) {
		fprintf(stderr, "usage: synth RULES_FILE... -- \"RULE NAME\" FIELD=VALUE...\n");
		return 2;
	}
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	for (int i = 1; i < sep; i++)
		if (ruleset_load_path(rs, argv[i], &d) > 0) {
			fprintf(stderr, "synth: cannot load %s\n", argv[i]);
			return 2;
		}
	diags_free(&d);
	struct rl_rule *r = ruleset_find_rule(rs, argv[sep + 1]);
	if (!r || !r->ast) {
		fprintf(stderr, "synth: no compiled rule named '%s'\n", argv[sep + 1]);
		return 2;
	}
	struct event ev = {.a = calloc((size_t)argc, sizeof(struct assign)), .n = 0};
	for (int i = sep + 2; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!ev.a || !eq || eq == argv[i]) {
			fprintf(stderr, "synth: not FIELD=VALUE: %s\n", argv[i]);
			return 2;
		}
		ev.a[ev.n++] = (struct assign){argv[i], (size_t)(eq - argv[i]), eq + 1};
	}
	bool m = eval_ast(r->ast, getter, &ev);
	printf("%s\n", m ? "match" : "no match");
	free(ev.a);
	eval_cache_clear();
	ruleset_free(rs);
	return m ? 0 : 1;
}
