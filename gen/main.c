/* lanner-gen — Falco rules files in, Lanner artefacts out.
 *
 *   lanner-gen -V FILE...                 validate (Falco's -V), exit 0 when valid
 *   lanner-gen -r RULES... -L             list rules
 *   lanner-gen -r RULES... --print-condition RULE
 *   lanner-gen --list-fields
 *   lanner-gen -r RULES... --explain [RULE]   kernel/userspace split per rule
 *   lanner-gen -r RULES... -b FILE        build a bundle (build.h), verified on this kernel
 *                                         before it is written; --no-verify: not verified;
 *                                         --emit-c FILE: the C
 *   lanner-gen --load-check BUNDLE        load a bundle's programs into this kernel
 * `-o key=value` sets a Falco configuration key (e.g. json_output=true, priority=warning), as in
 * Falco; `-c FILE` reads a Falco configuration (config_args.h): its `rules:` selections, and
 * Falco's `-o rules[].enable.rule=NAME` / `-o rules[].disable.tag=TAG`, are applied to the rules
 * before generation, so a bundle can carry a rule its file disables. `-b FILE` / `--bundle FILE`
 * names the bundle to write. The old `-o FILE` still names
 * the bundle when it cannot be a key (no '=', and a '/' or a ".lnb" ending), with a warning;
 * any other `-o` without '=' (`-o json_output`) is an error, never a bundle name.
 * Building a bundle prints one progress line per slow phase (progress.h); -q silences them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "build.h"
#include "cli.h"
#include "common/progress.h"
#include "common/strbuf.h"
#include "common/vec.h"
#include "config_args.h"
#include "common/xalloc.h"
#include "version.h"

static void usage(FILE *f)
{
	fputs("usage: lanner-gen [-o key=value]... COMMAND\n"
	      "  -V, --validate FILE...        validate rules files in order (Falco's -V)\n"
	      "  -r FILE|DIR                   load rules (repeatable, in order)\n"
	      "  -L, --list-rules              list loaded rules\n"
	      "  --print-condition RULE        print RULE's resolved condition\n"
	      "  --list-fields                 print the field catalogue\n"
	      "  --explain [RULE]              show what the kernel decides per rule (or RULE)\n"
	      "  -c FILE                       Falco configuration: its rules: selections (and\n"
	      "                                priority, rule_matching; rules_files without -r)\n"
	      "  -o key=value                  configuration override (json_output, priority, "
	      "...;\n"
	      "                                rules[].enable.rule=NAME, rules[].disable.tag=TAG)\n"
	      "  -b, --bundle FILE             build a bundle (BPF object + metadata)\n"
	      "  --emit-c FILE                 write the generated eBPF C\n"
	      "  --templates DIR               bpf-templates directory (default: next to the "
	      "binary)\n"
	      "  --load-check BUNDLE           load a bundle's programs (verifier check)\n"
	      "  --no-verify                   with -b FILE: do not load the programs into this "
	      "kernel\n                                (verifier) before writing the bundle\n"
	      "  --sign KEY                    with -b FILE: sign the bundle with this Ed25519 "
	      "private key (PEM)\n"
	      "  --show-bundle BUNDLE          print a bundle's signer and metadata\n"
	      "  -v                            verbose (commands, timings)\n"
	      "  -q                            no progress lines while building\n"
	      "  --version                     the version\n"
	      "  -h, --help                    this text\n",
	      f);
}

/* `-o X` without '=' can only be the old bundle form when X cannot be a key: a path (a '/') or a
 * bundle's name (".lnb"). */
static bool legacy_bundle_arg(const char *a)
{
	size_t n = strlen(a);
	return !strchr(a, '=') && (strchr(a, '/') || (n > 4 && !strcmp(a + n - 4, ".lnb")));
}

/* --templates DIR must be a directory holding the sensor (checked before any work). */
static bool templates_dir_ok(const char *dir)
{
	struct stat st;
	char p[4096];
	if (stat(dir, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "lanner-gen: --templates %s: not a directory\n", dir);
		return false;
	}
	snprintf(p, sizeof(p), "%s/sensor.bpf.c", dir);
	if (access(p, R_OK)) {
		fprintf(stderr,
			"lanner-gen: --templates %s: no sensor.bpf.c there (not the "
			"bpf-templates directory)\n",
			dir);
		return false;
	}
	return true;
}

/* -o: a configuration key=value, or (the old form, when it cannot be a key) the bundle. 0, or
 * the exit status 2 with the reason on stderr. The `rules` selections are the configuration
 * reader's alone (config_args.h). */
static int option_arg(const char *arg, struct lanner_options *opts, const char **bundle_path)
{
	char err[256];
	if (gen_config_is_rules_kv(arg))
		return 0;
	if (options_is_kv(arg)) {
		if (options_set(opts, arg, err, sizeof(err)) >= 0)
			return 0;
		fprintf(stderr, "lanner-gen: %s\n", err);
		return 2;
	}
	if (!legacy_bundle_arg(arg)) {
		fprintf(stderr,
			"lanner-gen: -o '%s': expected key=value (a configuration key, e.g. "
			"json_output=true); to write a bundle use -b FILE\n",
			arg);
		return 2;
	}
	fprintf(stderr, "lanner-gen: warning: -o FILE is deprecated for the bundle; use -b %s\n",
		arg);
	*bundle_path = arg;
	return 0;
}

enum {
	OPT_PRINT_CONDITION = 256,
	OPT_LIST_FIELDS,
	OPT_EXPLAIN,
	OPT_EMIT_C,
	OPT_TEMPLATES,
	OPT_LOAD_CHECK,
	OPT_VERIFY,
	OPT_NO_VERIFY,
	OPT_SHOW_BUNDLE,
	OPT_SIGN,
	OPT_VERSION
};

/* What the command line asks for. */
struct gen_args {
	struct lanner_options opts;
	char **rules, **validate; /* each argc + 1 long */
	size_t nrules, nvalidate;
	const char *print_condition, *explain_rule;
	int list_rules, list_fields, explain, verbose, verify, no_verify, quiet;
	const char *bundle_path, *emit_c_path, *templates, *load_check, *show_bundle, *sign_key;
	const char *config; /* -c */
	struct {
		char **v;
		size_t n, cap;
	} overrides;		  /* every -o key=value, for the configuration reader */
	bool rules_kv;		  /* an -o sets the `rules` selections */
	struct lanner_config cfg; /* read when -c or rules_kv */
	bool cfg_read;
};

static const struct option longopts[] = {
	{"validate", required_argument, NULL, 'V'},
	{"list-rules", no_argument, NULL, 'L'},
	{"print-condition", required_argument, NULL, OPT_PRINT_CONDITION},
	{"list-fields", no_argument, NULL, OPT_LIST_FIELDS},
	{"explain", optional_argument, NULL, OPT_EXPLAIN},
	{"emit-c", required_argument, NULL, OPT_EMIT_C},
	{"templates", required_argument, NULL, OPT_TEMPLATES},
	{"load-check", required_argument, NULL, OPT_LOAD_CHECK},
	{"show-bundle", required_argument, NULL, OPT_SHOW_BUNDLE},
	{"verify", no_argument, NULL, OPT_VERIFY}, /* the default now; kept for scripts */
	{"no-verify", no_argument, NULL, OPT_NO_VERIFY},
	{"sign", required_argument, NULL, OPT_SIGN},
	{"bundle", required_argument, NULL, 'b'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, OPT_VERSION},
	{0, 0, 0, 0},
};

/* One option c (getopt's optarg / optind); -1 to go on, else the exit status (0: done). */
static int one_option(int c, int argc, char **argv, struct gen_args *a)
{
	switch (c) {
	case 'V':
		a->validate[a->nvalidate++] = optarg;
		/* "-V a.yaml b.yaml": following plain arguments are files too */
		while (optind < argc && argv[optind][0] != '-')
			a->validate[a->nvalidate++] = argv[optind++];
		return -1;
	case 'r':
		a->rules[a->nrules++] = optarg;
		return -1;
	case OPT_EXPLAIN:
		a->explain = 1;
		a->explain_rule = optarg;
		/* "--explain RULE": a following plain argument names the rule */
		if (!a->explain_rule && optind < argc && argv[optind][0] != '-')
			a->explain_rule = argv[optind++];
		return -1;
	case OPT_TEMPLATES:
		if (!templates_dir_ok(optarg))
			return 2;
		a->templates = optarg;
		return -1;
	case 'o': {
		int rc = option_arg(optarg, &a->opts, &a->bundle_path);
		if (!rc && strchr(optarg, '=')) {
			VEC_PUSH(a->overrides, optarg);
			a->rules_kv |= gen_config_is_rules_kv(optarg);
		}
		return rc ? rc : -1;
	}
	case OPT_VERSION:
		printf("lanner-gen %s (%s)\n", LANNER_VERSION, LANNER_GIT_REV);
		return 0;
	case 'h':
		usage(stdout);
		return 0;
	}
	/* the flags and the single-valued options */
	const struct {
		int c;
		int *flag;
		const char **value;
	} simple[] = {
		{'L', &a->list_rules, NULL},
		{OPT_LIST_FIELDS, &a->list_fields, NULL},
		{OPT_VERIFY, &a->verify, NULL},
		{OPT_NO_VERIFY, &a->no_verify, NULL},
		{'v', &a->verbose, NULL},
		{'q', &a->quiet, NULL},
		{OPT_PRINT_CONDITION, NULL, &a->print_condition},
		{OPT_EMIT_C, NULL, &a->emit_c_path},
		{OPT_LOAD_CHECK, NULL, &a->load_check},
		{OPT_SIGN, NULL, &a->sign_key},
		{OPT_SHOW_BUNDLE, NULL, &a->show_bundle},
		{'b', NULL, &a->bundle_path},
		{'c', NULL, &a->config},
	};
	for (size_t i = 0; i < sizeof(simple) / sizeof(simple[0]); i++) {
		if (simple[i].c != c)
			continue;
		if (simple[i].flag)
			*simple[i].flag = 1;
		else
			*simple[i].value = optarg;
		return -1;
	}
	usage(stderr);
	return 2;
}

/* The whole command line; -1 to go on, else the exit status. */
static int parse_args(int argc, char **argv, struct gen_args *a)
{
	int c;
	while ((c = getopt_long(argc, argv, "V:r:Lo:b:c:hvq", longopts, NULL)) != -1) {
		int rc = one_option(c, argc, argv, a);
		if (rc >= 0)
			return rc;
	}
	if (optind < argc) {
		fprintf(stderr, "lanner-gen: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (!a->config && !a->rules_kv)
		return -1;
	a->cfg_read = true;
	int rc = gen_config_load(&a->cfg, a->config, a->overrides.v, a->overrides.n, &a->opts);
	if (rc)
		return rc;
	/* no -r: the configuration's rules files, as lanner would run them */
	if (!a->nrules && !a->nvalidate && a->config && a->cfg.rules_files.n) {
		free(a->rules);
		a->rules = xcalloc(a->cfg.rules_files.n + 1, sizeof(char *));
		memcpy(a->rules, a->cfg.rules_files.v, a->cfg.rules_files.n * sizeof(char *));
		a->nrules = a->cfg.rules_files.n;
	}
	return -1;
}

/* The commands that need no -r rules; -1 when none was asked for, else the exit status. */
static int rules_free_command(struct gen_args *a)
{
	if (a->list_fields)
		return cmd_list_fields(&a->opts);
	if (a->nvalidate) {
		/* -r files given too are loaded first, as context for the validated ones */
		char **all = xcalloc(a->nrules + a->nvalidate + 1, sizeof(char *));
		memcpy(all, a->rules, a->nrules * sizeof(char *));
		memcpy(all + a->nrules, a->validate, a->nvalidate * sizeof(char *));
		int rc = cmd_validate(all, a->nrules + a->nvalidate, &a->opts);
		free(all);
		return rc;
	}
	if (a->show_bundle)
		return cmd_show_bundle(a->show_bundle);
	if (a->load_check)
		return cmd_load_check(a->load_check, a->verbose);
	return -1;
}

/* Loads the -r rules and runs the commands on them: the exit status. */
static int rules_commands(struct gen_args *a, const char *argv0)
{
	if (!a->list_rules && !a->print_condition && !a->explain && !a->bundle_path &&
	    !a->emit_c_path) {
		usage(stderr);
		return 2;
	}
	if (a->nrules == 0) {
		fprintf(stderr, "lanner-gen: no rules files given (-r FILE)\n");
		return 2;
	}
	progress_init("lanner-gen", (a->bundle_path || a->verify) && !a->quiet);
	struct ruleset *rs = ruleset_new();
	progress_start("loading the rules");
	int load_errors = load_rules_or_report(rs, a->rules, a->nrules);
	if (load_errors > 0) {
		progress_fail();
		ruleset_free(rs);
		return 1;
	}
	progress_done("%zu file%s", a->nrules, a->nrules == 1 ? "" : "s");
	if (a->cfg_read)
		gen_config_select(&a->cfg.rules, rs, a->quiet);
	int rc = 0;
	if (a->list_rules)
		rc |= cmd_list_rules(rs, &a->opts);
	if (a->print_condition)
		rc |= cmd_print_condition(rs, a->print_condition);
	if (a->explain)
		rc |= cmd_explain(rs, a->explain_rule, &a->opts);
	if (a->bundle_path || a->emit_c_path) {
		/* the bundle says which selections it was built with (bundle_meta.h) */
		struct strbuf canon = {0};
		rule_selects_canon(a->cfg_read ? &a->cfg.rules : NULL, &canon);
		struct build_opts bo = {.rules = a->rules,
					.nrules = a->nrules,
					.bundle_path = a->bundle_path,
					.emit_c_path = a->emit_c_path,
					.templates = a->templates,
					.argv0 = argv0,
					.lo = &a->opts,
					.verbose = a->verbose,
					.no_verify = a->no_verify && !a->verify,
					.sign_key = a->sign_key,
					.rule_selection = sb_str(&canon)};
		rc |= cmd_build(rs, &bo);
		sb_free(&canon);
	}
	ruleset_free(rs);
	return rc;
}

int main(int argc, char **argv)
{
	struct gen_args a = {0};
	options_init(&a.opts);
	a.rules = xcalloc((size_t)argc + 1, sizeof(char *));
	a.validate = xcalloc((size_t)argc + 1, sizeof(char *));
	int rc = parse_args(argc, argv, &a);
	if (rc < 0)
		rc = rules_free_command(&a);
	if (rc < 0)
		rc = rules_commands(&a, argv[0]);
	free(a.rules);
	free(a.validate);
	VEC_FREE(a.overrides);
	if (a.cfg_read)
		config_free(&a.cfg);
	return rc;
}
