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
 * Falco; `-b FILE` / `--bundle FILE` names the bundle to write. The old `-o FILE` still names
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
	      "  -o key=value                  configuration override (json_output, priority, "
	      "...)\n"
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
 * the exit status 2 with the reason on stderr. */
static int option_arg(const char *arg, struct lanner_options *opts, const char **bundle_path)
{
	char err[256];
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

int main(int argc, char **argv)
{
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
	struct lanner_options opts;
	options_init(&opts);
	char **rules = xcalloc((size_t)argc + 1, sizeof(char *));
	char **validate = xcalloc((size_t)argc + 1, sizeof(char *));
	size_t nrules = 0, nvalidate = 0;
	const char *print_condition = NULL;
	const char *explain_rule = NULL;
	int list_rules = 0, list_fields = 0, explain = 0, rc = 0, verbose = 0, verify = 0;
	int no_verify = 0;
	int quiet = 0;
	const char *bundle_path = NULL, *emit_c_path = NULL, *templates = NULL;
	const char *load_check = NULL, *show_bundle = NULL, *sign_key = NULL;
	int c;
	while ((c = getopt_long(argc, argv, "V:r:Lo:b:hvq", longopts, NULL)) != -1) {
		switch (c) {
		case 'V':
			validate[nvalidate++] = optarg;
			/* "-V a.yaml b.yaml": following plain arguments are files too */
			while (optind < argc && argv[optind][0] != '-')
				validate[nvalidate++] = argv[optind++];
			break;
		case 'r':
			rules[nrules++] = optarg;
			break;
		case 'L':
			list_rules = 1;
			break;
		case OPT_PRINT_CONDITION:
			print_condition = optarg;
			break;
		case OPT_LIST_FIELDS:
			list_fields = 1;
			break;
		case OPT_EXPLAIN:
			explain = 1;
			explain_rule = optarg;
			/* "--explain RULE": a following plain argument names the rule */
			if (!explain_rule && optind < argc && argv[optind][0] != '-')
				explain_rule = argv[optind++];
			break;
		case OPT_EMIT_C:
			emit_c_path = optarg;
			break;
		case OPT_TEMPLATES:
			if (!templates_dir_ok(optarg)) {
				rc = 2;
				goto out;
			}
			templates = optarg;
			break;
		case OPT_LOAD_CHECK:
			load_check = optarg;
			break;
		case OPT_VERIFY:
			verify = 1;
			break;
		case OPT_NO_VERIFY:
			no_verify = 1;
			break;
		case OPT_SIGN:
			sign_key = optarg;
			break;
		case OPT_SHOW_BUNDLE:
			show_bundle = optarg;
			break;
		case 'v':
			verbose = 1;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'b':
			bundle_path = optarg;
			break;
		case 'o':
			rc = option_arg(optarg, &opts, &bundle_path);
			if (rc)
				goto out;
			break;
		case OPT_VERSION:
			printf("lanner-gen %s (%s)\n", LANNER_VERSION, LANNER_GIT_REV);
			goto out;
		case 'h':
			usage(stdout);
			goto out;
		default:
			usage(stderr);
			rc = 2;
			goto out;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lanner-gen: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		rc = 2;
		goto out;
	}
	if (list_fields) {
		rc = cmd_list_fields(&opts);
		goto out;
	}
	if (nvalidate) {
		/* -r files given too are loaded first, as context for the validated ones */
		char **all = xcalloc(nrules + nvalidate + 1, sizeof(char *));
		memcpy(all, rules, nrules * sizeof(char *));
		memcpy(all + nrules, validate, nvalidate * sizeof(char *));
		rc = cmd_validate(all, nrules + nvalidate, &opts);
		free(all);
		goto out;
	}
	if (show_bundle) {
		rc = cmd_show_bundle(show_bundle);
		goto out;
	}
	if (load_check) {
		rc = cmd_load_check(load_check, verbose);
		goto out;
	}
	if (!list_rules && !print_condition && !explain && !bundle_path && !emit_c_path) {
		usage(stderr);
		rc = 2;
		goto out;
	}
	if (nrules == 0) {
		fprintf(stderr, "lanner-gen: no rules files given (-r FILE)\n");
		rc = 2;
		goto out;
	}
	progress_init("lanner-gen", (bundle_path || verify) && !quiet);
	struct ruleset *rs = ruleset_new();
	progress_start("loading the rules");
	int load_errors = load_rules_or_report(rs, rules, nrules);
	if (load_errors > 0)
		progress_fail();
	else
		progress_done("%zu file%s", nrules, nrules == 1 ? "" : "s");
	if (load_errors > 0) {
		rc = 1;
	} else {
		if (list_rules)
			rc |= cmd_list_rules(rs, &opts);
		if (print_condition)
			rc |= cmd_print_condition(rs, print_condition);
		if (explain)
			rc |= cmd_explain(rs, explain_rule, &opts);
		if (bundle_path || emit_c_path) {
			struct build_opts bo = {.rules = rules,
						.nrules = nrules,
						.bundle_path = bundle_path,
						.emit_c_path = emit_c_path,
						.templates = templates,
						.argv0 = argv[0],
						.lo = &opts,
						.verbose = verbose,
						.no_verify = no_verify && !verify,
						.sign_key = sign_key};
			rc |= cmd_build(rs, &bo);
		}
	}
	ruleset_free(rs);
out:
	free(rules);
	free(validate);
	return rc;
}
