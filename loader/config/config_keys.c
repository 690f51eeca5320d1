/* config_keys.c — every configuration key lanner reads (see config_keys.h). Names and meanings
 * are falco.yaml's; `lanner.*` are Lanner's own. */
#include "config/config_keys.h"

#include "config/config.h"

#define O(f) offsetof(struct lanner_config, f)
#define B(p, f)                                                                                    \
	{                                                                                          \
		p, CK_BOOL, O(f), 0, 0                                                             \
	}
#define S(p, f)                                                                                    \
	{                                                                                          \
		p, CK_STR, O(f), 0, 0                                                              \
	}
#define L(p, f, lo, hi)                                                                            \
	{                                                                                          \
		p, CK_LONG, O(f), lo, hi                                                           \
	}
#define D(p, f, lo, hi)                                                                            \
	{                                                                                          \
		p, CK_DOUBLE, O(f), lo, hi                                                         \
	}

const struct ckey config_keys[] = {
	{"config_files", CK_STRLIST, O(config_files), 0, 0}, /* merged before typing */
	{"rules_files", CK_STRLIST, O(rules_files), 0, 0},
	{"rules_file", CK_STRLIST, O(rules_files), 0, 0}, /* Falco's legacy name */
	{"priority", CK_PRIORITY, O(opt.priority), 0, 0},
	{"rule_matching", CK_MATCHING, O(opt.rule_matching), 0, 0},
	B("json_output", opt.json_output),
	B("json_include_output_property", opt.json_include_output_property),
	B("json_include_output_fields_property", opt.json_include_output_fields_property),
	B("json_include_tags_property", opt.json_include_tags_property),
	B("json_include_message_property", opt.json_include_message_property),
	B("time_format_iso_8601", opt.time_format_iso_8601),
	B("buffered_outputs", opt.buffered_outputs),
	{"append_output", CK_APPEND_OUTPUT, O(append_output), 0, 0},
	{"rules", CK_RULES, O(rules), 0, 0},
	B("stdout_output.enabled", stdout_output),
	B("syslog_output.enabled", syslog_output),
	B("file_output.enabled", file_output.enabled),
	B("file_output.keep_alive", file_output.keep_alive),
	S("file_output.filename", file_output.filename),
	B("program_output.enabled", program_output.enabled),
	B("program_output.keep_alive", program_output.keep_alive),
	S("program_output.program", program_output.program),
	B("http_output.enabled", http_output.enabled),
	S("http_output.url", http_output.url),
	S("http_output.user_agent", http_output.user_agent),
	B("http_output.insecure", http_output.insecure),
	S("http_output.ca_cert", http_output.ca_cert),
	S("http_output.ca_bundle", http_output.ca_bundle),
	S("http_output.ca_path", http_output.ca_path),
	B("http_output.mtls", http_output.mtls),
	S("http_output.client_cert", http_output.client_cert),
	S("http_output.client_key", http_output.client_key),
	B("http_output.echo", http_output.echo),
	B("http_output.compress_uploads", http_output.compress_uploads),
	B("http_output.keep_alive", http_output.keep_alive),
	L("http_output.max_consecutive_timeouts", http_output.max_consecutive_timeouts, 0, 255),
	L("outputs_queue.capacity", outputs_queue_capacity, 0, 10000000),
	L("output_timeout", output_timeout_ms, 0, 3600000),
	{"syscall_event_drops.actions", CK_DROP_ACTIONS, O(drops.actions), 0, 0},
	D("syscall_event_drops.threshold", drops.threshold, 0, 1),
	D("syscall_event_drops.rate", drops.rate, 0, 1e9),
	D("syscall_event_drops.max_burst", drops.max_burst, 0, 1e9),
	B("syscall_event_drops.simulate_drops", drops.simulate_drops),
	B("metrics.enabled", metrics.enabled),
	{"metrics.interval", CK_DURATION_MS, O(metrics.interval_ms), 100, 0},
	B("metrics.output_rule", metrics.output_rule),
	S("metrics.output_file", metrics.output_file),
	B("metrics.rules_counters_enabled", metrics.rules_counters_enabled),
	B("metrics.resource_utilization_enabled", metrics.resource_utilization_enabled),
	B("metrics.state_counters_enabled", metrics.state_counters_enabled),
	B("metrics.kernel_event_counters_enabled", metrics.kernel_event_counters_enabled),
	B("metrics.libbpf_stats_enabled", metrics.libbpf_stats_enabled),
	B("metrics.convert_memory_to_mb", metrics.convert_memory_to_mb),
	B("metrics.include_empty_values", metrics.include_empty_values),
	B("webserver.enabled", webserver.enabled),
	L("webserver.threadiness", webserver.threadiness, 0, 1024),
	L("webserver.listen_port", webserver.listen_port, 0, 65535),
	S("webserver.listen_address", webserver.listen_address),
	S("webserver.k8s_healthz_endpoint", webserver.k8s_healthz_endpoint),
	B("webserver.prometheus_metrics_enabled", webserver.prometheus_metrics_enabled),
	B("webserver.ssl_enabled", webserver.ssl_enabled),
	S("webserver.ssl_certificate", webserver.ssl_certificate),
	S("lanner.bundle", lanner.bundle),
	L("lanner.ring_buffer_kb", lanner.ring_buffer_kb, 0, 1 << 20),
	L("lanner.proc_table_size", lanner.proc_table_size, 0, 1 << 24),
	S("lanner.cache_dir", lanner.cache_dir),
	S("lanner.syslog_address", lanner.syslog_address),
	S("lanner.trusted_key", lanner.trusted_key),
};
const size_t config_nkeys = sizeof(config_keys) / sizeof(config_keys[0]);

const struct ckey_ignored config_ignored[] = {
	{"watch_config_files", "send SIGHUP to reload"},
	{"engine", "Lanner has its own eBPF sensor (lanner.ring_buffer_kb sizes its ring)"},
	{"capture", "no capture files"},
	{"load_plugins", "container metadata is built in; no plugins"},
	{"plugins", "container metadata is built in; no plugins"},
	{"plugins_hostinfo", "no plugins"},
	{"buffer_format_base64", "no buffer fields"},
	{"log_stderr", "diagnostics always go to stderr"},
	{"log_syslog", "diagnostics always go to stderr"},
	{"log_level", "diagnostics always go to stderr"},
	{"libs_logger", "no libs logger"},
	{"syscall_event_timeouts", "no event timeouts in this sensor"},
	{"falco_libs", "lanner.proc_table_size sizes the process table"},
	{"grpc", "no gRPC"},
	{"grpc_output", "no gRPC"},
	{"base_syscalls", "the syscalls captured are the rules' own (not configurable)"},
};
const size_t config_nignored = sizeof(config_ignored) / sizeof(config_ignored[0]);
