/* lanner: loads the kernel sensor and reports events (capture mode) or alerts (rule mode).
 *
 * Rule mode's command line is read here: the configuration (-c FILE, else the installed default
 * lanner.yaml; config.h), its -o overrides, and the flags that override the configuration
 * (-r replaces rules_files, -b replaces lanner.bundle, -U, --ring-mb). With no rules and no
 * bundle anywhere, the installed default ruleset runs. rules_mode.c does the rest.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "common/numparse.h"
#include "common/vec.h"
#include "common/xalloc.h"
#include "config/config.h"
#include "rules_mode.h"
#include "version.h"

static void usage(FILE *f)
{
	fputs("usage: lanner [-c FILE] [-r RULES]... [-o key=value]... [options]\n"
	      "       lanner -b BUNDLE [options]         run a bundle built by lanner-gen -b\n"
	      "       lanner capture [...]               print every event (lanner capture -h)\n"
	      "With no -r/-b, the rules_files of the configuration run (the installed default\n"
	      "ruleset when it names none).\n"
	      "options:\n"
	      "  -c FILE           configuration file in falco.yaml's format (default: the\n"
	      "                    installed /etc/lanner/lanner.yaml when present)\n"
	      "  -r RULES          rules file or directory, repeatable; replaces rules_files\n"
	      "  -b BUNDLE         run a bundle; replaces lanner.bundle\n"
	      "  -o key=value      set any configuration key (dotted: file_output.enabled=true)\n"
	      "  -U, --unbuffered  flush every alert line (the default unless buffered_outputs)\n"
	      "  -M SECONDS        stop after that long\n"
	      "  --dry-run         load, verify and attach, then exit without processing events\n"
	      "  --ship-all        (with rules) no kernel filtering: every event of the rules'\n"
	      "                    types goes to userspace and is evaluated there (Falco's\n"
	      "                    architecture; the benchmarks' baseline); needs no clang\n"
	      "  --ring-mb N       ring buffer size in MiB (power of two; default 4)\n"
	      "  --no-watch        no reload when a rules file (or the bundle) changes; SIGHUP\n"
	      "                    still reloads\n"
	      "  --stats-interval S  the counters (as /metrics has them) on stderr every S s\n"
	      "  -v                libbpf diagnostics\n"
	      "  --version         the version\n"
	      "  -h, --help        this text\n"
	      "The rules cache is lanner.cache_dir, else $LANNER_CACHE_DIR, else "
	      "/var/cache/lanner.\n"
	      "On exit, statistics go to stderr: \"lanner: kernel: ...\", \"lanner: userspace: "
	      "...\",\n\"lanner: outputs: ...\". See lanner(8).\n",
	      f);
}

struct cli {
	const char *config;
	const char *bundle;
	struct {
		char **v;
		size_t n, cap;
	} rules, overrides;
	struct rules_run_opts ro;
	long ring_mb;
	bool unbuffered;
};

/* Returns -1 to continue, else the exit status. */
static int parse(struct cli *c, int argc, char **argv)
{
	enum { OPT_DRY = 256, OPT_SHIP_ALL, OPT_RING, OPT_VERSION, OPT_NO_WATCH, OPT_STATS };
	static const struct option lopts[] = {
		{"unbuffered", no_argument, NULL, 'U'},
		{"dry-run", no_argument, NULL, OPT_DRY},
		{"ship-all", no_argument, NULL, OPT_SHIP_ALL},
		{"ring-mb", required_argument, NULL, OPT_RING},
		{"version", no_argument, NULL, OPT_VERSION},
		{"no-watch", no_argument, NULL, OPT_NO_WATCH},
		{"stats-interval", required_argument, NULL, OPT_STATS},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int opt;
	char err[512];
	unsigned long long mb = 0;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "c:b:r:o:UM:vh", lopts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			c->config = optarg;
			break;
		case 'b':
			c->bundle = optarg;
			break;
		case 'r':
			VEC_PUSH(c->rules, optarg);
			break;
		case 'o':
			VEC_PUSH(c->overrides, optarg);
			break;
		case 'U':
			c->unbuffered = true;
			break;
		case 'M':
			if (!parse_seconds("-M", optarg, 1e9, &c->ro.max_s, err, sizeof(err))) {
				fprintf(stderr, "lanner: %s\n", err);
				return 2;
			}
			break;
		case 'v':
			c->ro.verbose = true;
			break;
		case OPT_DRY:
			c->ro.dry = true;
			break;
		case OPT_NO_WATCH:
			c->ro.no_watch = true;
			break;
		case OPT_STATS:
			if (!parse_seconds("--stats-interval", optarg, 1e6, &c->ro.stats_interval,
					   err, sizeof(err))) {
				fprintf(stderr, "lanner: %s\n", err);
				return 2;
			}
			break;
		case OPT_SHIP_ALL:
			c->ro.ship_all = true;
			break;
		case OPT_RING:
			if (!parse_uint_range("--ring-mb", optarg, 1, 1024, &mb, err,
					      sizeof(err)) ||
			    (mb & (mb - 1))) {
				if (mb & (mb - 1))
					snprintf(err, sizeof(err),
						 "--ring-mb %llu: not a power of two (1, 2, 4, ... "
						 "1024)",
						 mb);
				fprintf(stderr, "lanner: %s\n", err);
				return 2;
			}
			c->ring_mb = (long)mb;
			break;
		case OPT_VERSION:
			printf("lanner %s (%s)\n", LANNER_VERSION, LANNER_GIT_REV);
			return 0;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "lanner: unexpected argument '%s'\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	if (c->bundle && c->rules.n) {
		fprintf(stderr, "lanner: give either -b BUNDLE or -r RULES..., not both\n");
		return 2;
	}
	return -1;
}

/* What to run: -b, -r, lanner.bundle, rules_files, then the installed default ruleset. */
static int choose_rules(struct cli *c, struct lanner_config *cfg, char *dflt, size_t dlen)
{
	if (c->bundle || c->rules.n) {
		c->ro.bundle = c->bundle;
		c->ro.rules = c->rules.v;
		c->ro.nrules = c->rules.n;
	} else if (cfg->lanner.bundle && *cfg->lanner.bundle) {
		c->ro.bundle = cfg->lanner.bundle;
	} else if (cfg->rules_files.n) {
		c->ro.rules = cfg->rules_files.v;
		c->ro.nrules = cfg->rules_files.n;
	} else if (config_default_rules(dflt, dlen)) {
		c->rules.n = 0;
		VEC_PUSH(c->rules, dflt);
		c->ro.rules = c->rules.v;
		c->ro.nrules = 1;
	} else {
		fprintf(stderr,
			"lanner: no rules: give -r RULES or -b BUNDLE, or set rules_files in "
			"the configuration (no default ruleset is installed)\n");
		return 2;
	}
	if (c->ro.ship_all && !c->ro.nrules) {
		fprintf(stderr, "lanner: --ship-all needs rules files, not a bundle\n");
		return 2;
	}
	return -1;
}

static int rules_cli(int argc, char **argv)
{
	struct cli c = {0};
	struct lanner_config cfg;
	char err[1024], cfgbuf[4096], dflt[4096];
	config_defaults(&cfg);
	int rc = parse(&c, argc, argv);
	if (rc >= 0)
		goto out;
	const char *file = c.config ? c.config : config_default_path(cfgbuf, sizeof(cfgbuf));
	if (config_load(&cfg, file, c.overrides.v, c.overrides.n, err, sizeof(err))) {
		fprintf(stderr, "lanner: %s\n", err);
		rc = 2;
		goto out;
	}
	if (c.unbuffered)
		cfg.opt.buffered_outputs = false;
	if (c.ring_mb)
		cfg.lanner.ring_buffer_kb = c.ring_mb * 1024;
	if (cfg.lanner.cache_dir && *cfg.lanner.cache_dir)
		setenv("LANNER_CACHE_DIR", cfg.lanner.cache_dir, 1); /* lanner-gen's too */
	rc = choose_rules(&c, &cfg, dflt, sizeof(dflt));
	if (rc >= 0)
		goto out;
	if (file)
		fprintf(stderr, "lanner: configuration %s\n", file);
	if (cfg.lanner.trusted_key && *cfg.lanner.trusted_key)
		c.ro.trusted_key = cfg.lanner.trusted_key;
	c.ro.config = file;
	c.ro.overrides = c.overrides.v;
	c.ro.noverrides = c.overrides.n;
	rc = rules_run(&cfg, &c.ro);
out:
	config_free(&cfg);
	VEC_FREE(c.rules);
	VEC_FREE(c.overrides);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "capture"))
		return capture_main(argc - 1, argv + 1);
	return rules_cli(argc, argv);
}
