/* config.h — lanner's configuration: Falco's falco.yaml keys where they apply, plus Lanner's own
 * keys under `lanner:`. Read from a file (`-c FILE`, else the installed default), then `-o
 * key=value` overrides, then typed and checked once.
 *
 * Rules: a key Lanner does not know is warned about (never silently ignored); a Falco key that has
 * no meaning for Lanner (engine, plugins, …) is listed once on stderr; a value of the wrong type
 * is an error naming the key and where it was set (file:line or the -o argument). Defaults are
 * Falco's code defaults, except the outputs: with no configuration file at all, stdout is the only
 * output (as before configuration files existed); the shipped lanner.yaml states Falco's shipped
 * choices explicitly.
 *
 * Other parts read the struct: outputs (outputs.h), the drop alerts (drop_alerts.h), the web
 * server and periodic metrics (webserver/metrics, parsed and stored here).
 */
#ifndef LANNER_CONFIG_H
#define LANNER_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "selection.h"
#include "options.h"
#include "outputs/append_output.h"

struct cfg_strlist {
	char **v;
	size_t n, cap;
};

struct cfg_file_output {
	bool enabled, keep_alive;
	char *filename;
};

struct cfg_program_output {
	bool enabled, keep_alive;
	char *program;
};

struct cfg_http_output {
	bool enabled;
	char *url, *user_agent;
	bool insecure, mtls, echo, compress_uploads, keep_alive;
	char *ca_cert, *ca_bundle, *ca_path, *client_cert, *client_key;
	long max_consecutive_timeouts;
};

/* syscall_event_drops.actions (a set) */
enum {
	DROP_ACT_IGNORE = 1 << 0,
	DROP_ACT_LOG = 1 << 1,
	DROP_ACT_ALERT = 1 << 2,
	DROP_ACT_EXIT = 1 << 3,
};

struct cfg_drops {
	unsigned actions;
	double threshold; /* drops / events in the last second must exceed this */
	double rate;	  /* token bucket: actions per second ... */
	double max_burst; /* ... and at most this many at once */
	bool simulate_drops;
};

struct cfg_metrics {
	bool enabled;
	long interval_ms;
	bool output_rule;
	char *output_file;
	bool rules_counters_enabled, resource_utilization_enabled, state_counters_enabled,
		kernel_event_counters_enabled, libbpf_stats_enabled, convert_memory_to_mb,
		include_empty_values;
};

struct cfg_webserver {
	bool enabled;
	long threadiness, listen_port;
	char *listen_address, *k8s_healthz_endpoint;
	bool prometheus_metrics_enabled, ssl_enabled;
	char *ssl_certificate;
};

/* Lanner's own keys (`lanner:`) */
struct cfg_lanner {
	char *bundle;	      /* run this bundle instead of compiling rules_files */
	long ring_buffer_kb;  /* ring buffer KiB (power of two, >= 8); 0 = the sensor's 4 MiB */
	long proc_table_size; /* process table entries; 0 = the table's default */
	char *cache_dir;      /* compiled bundles; NULL = $LANNER_CACHE_DIR or /var/cache/lanner */
	char *syslog_address; /* syslog_output's socket path or udp:HOST:PORT; NULL = /dev/log */
	char *trusted_key;    /* PEM Ed25519 key a -b bundle must be signed by; NULL = any */
};

struct lanner_config {
	struct lanner_options opt; /* json_*, priority, rule_matching, time format, buffering */
	bool rule_matching_set;	   /* rule_matching was given (else a bundle's own applies) */
	struct cfg_strlist rules_files;
	bool stdout_output, syslog_output;
	struct cfg_file_output file_output;
	struct cfg_program_output program_output;
	struct cfg_http_output http_output;
	long outputs_queue_capacity; /* per channel; 0 = Lanner's bound (OUTPUTS_QUEUE_DEFAULT) */
	long output_timeout_ms;	     /* how long exit waits for the channels to drain */
	struct cfg_drops drops;
	struct cfg_metrics metrics;
	struct cfg_webserver webserver;
	struct cfg_lanner lanner;
	struct cfg_strlist config_files;    /* merged in (config_files.h) */
	struct append_output append_output; /* opt.append points here */
	struct rule_selects rules;	    /* `rules:` enable/disable selections */
	char *path;			    /* the configuration file read, NULL when none */
};

/* Falco's code defaults (stdout on, everything else off). */
void config_defaults(struct lanner_config *c);
void config_free(struct lanner_config *c);

/* Builds the configuration: `file` (NULL: none), then each override "key=value" in order, then
 * typed into *c (which config_defaults initialised). Warnings go to stderr. Returns 0, or -1 with
 * a message in err naming the key and where it was set. */
int config_load(struct lanner_config *c, const char *file, char *const *overrides, size_t nover,
		char *err, size_t errlen);

/* The default configuration file: <dir of the binary>/../etc/lanner/lanner.yaml when it exists
 * (an installation under a prefix), else /etc/lanner/lanner.yaml when it exists, else NULL. */
const char *config_default_path(char *buf, size_t len);
/* The default ruleset when no rules are named anywhere: <bin>/../etc/lanner/lanner_rules.yaml,
 * /etc/lanner/lanner_rules.yaml, or the source tree's <bin>/../rules/lanner_rules.yaml (a build
 * in a clone) — the first that exists; NULL when none does. */
const char *config_default_rules(char *buf, size_t len);

#endif
