/* Configuration (loader/config/): falco.yaml keys typed into struct lanner_config, -o overrides
 * with dotted paths, errors naming the key and where it was set; the drop alert and internal
 * message shapes (loader/outputs/drop_alerts.c, output_internal.c); the output queues. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config/cfgtree.h"
#include "config/config.h"
#include "outputs/drop_alerts.h"
#include "outputs/format.h"
#include "outputs/outputs.h"
#include "rules.h"

static char *write_tmp(const char *text)
{
	char *path = strdup("/tmp/lanner-test-config-XXXXXX");
	int fd = mkstemp(path);
	cr_assert(fd >= 0);
	cr_assert(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
	close(fd);
	return path;
}

/* Loads text (NULL: no file) with the overrides; returns config_load's result, err filled. */
static int load(struct lanner_config *c, const char *text, char *const *ov, size_t nov, char *err,
		size_t errlen)
{
	config_defaults(c);
	char *path = text ? write_tmp(text) : NULL;
	int rc = config_load(c, path, ov, nov, err, errlen);
	if (path) {
		unlink(path);
		free(path);
	}
	return rc;
}

Test(config, defaults_are_falcos)
{
	struct lanner_config c;
	char err[512];
	cr_assert_eq(load(&c, NULL, NULL, 0, err, sizeof(err)), 0);
	cr_assert(c.stdout_output && !c.syslog_output && !c.file_output.enabled);
	cr_assert_eq(c.opt.priority, PRI_DEBUG);
	cr_assert_eq(c.drops.actions, DROP_ACT_LOG | DROP_ACT_ALERT);
	cr_assert_float_eq(c.drops.rate, 0.03333, 1e-9);
	cr_assert_str_eq(c.http_output.user_agent, "falcosecurity/falco");
	cr_assert_eq(c.output_timeout_ms, 2000);
	config_free(&c);
}

Test(config, falco_yaml_keys)
{
	struct lanner_config c;
	char err[512];
	const char *y = "rules_files:\n  - /a.yaml\n  - /etc/rules.d\n"
			"priority: warning\nrule_matching: all\njson_output: true\n"
			"json_include_tags_property: false\ntime_format_iso_8601: yes\n"
			"file_output:\n  enabled: true\n  keep_alive: true\n  filename: /x.txt\n"
			"program_output: {enabled: true, program: \"jq .\"}\n"
			"http_output:\n  enabled: true\n  url: http://h/\n  insecure: true\n"
			"syscall_event_drops:\n  actions: [alert]\n  rate: 1\n  max_burst: 3\n"
			"metrics: {enabled: true, interval: 1h30m}\n"
			"webserver: {listen_port: 9000}\n"
			"append_output:\n  - suggested_output: false\n"
			"lanner: {ring_buffer_kb: 64, proc_table_size: 1000, bundle: /b.lnb}\n";
	cr_assert_eq(load(&c, y, NULL, 0, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(c.rules_files.n, 2);
	cr_assert_str_eq(c.rules_files.v[1], "/etc/rules.d");
	cr_assert_eq(c.opt.priority, PRI_WARNING);
	cr_assert_eq(c.opt.rule_matching, MATCH_ALL);
	cr_assert(c.rule_matching_set);
	cr_assert(c.opt.json_output && !c.opt.json_include_tags_property);
	cr_assert(c.opt.time_format_iso_8601);
	cr_assert(c.file_output.enabled && c.file_output.keep_alive);
	cr_assert_str_eq(c.file_output.filename, "/x.txt");
	cr_assert_str_eq(c.program_output.program, "jq .");
	cr_assert(c.http_output.insecure);
	cr_assert_eq(c.drops.actions, DROP_ACT_ALERT);
	cr_assert_float_eq(c.drops.max_burst, 3, 1e-9);
	cr_assert_eq(c.metrics.interval_ms, 5400000);
	cr_assert_eq(c.webserver.listen_port, 9000);
	cr_assert(!c.opt.suggested_output);
	cr_assert_eq(c.lanner.ring_buffer_kb, 64);
	cr_assert_str_eq(c.lanner.bundle, "/b.lnb");
	config_free(&c);
}

Test(config, legacy_rules_file_and_single_string)
{
	struct lanner_config c;
	char err[512];
	cr_assert_eq(load(&c, "rules_file: /only.yaml\n", NULL, 0, err, sizeof(err)), 0);
	cr_assert_eq(c.rules_files.n, 1);
	cr_assert_str_eq(c.rules_files.v[0], "/only.yaml");
	config_free(&c);
}

Test(config, overrides_dotted_and_yaml_values)
{
	struct lanner_config c;
	char err[512];
	char *ov[] = {"file_output.enabled=true",
		      "file_output.filename=/o.txt",
		      "rules_files=[/r1.yaml, /r2.yaml]",
		      "rules_files[2]=/r3.yaml",
		      "syscall_event_drops={actions: [ignore]}",
		      "json_output=false"};
	cr_assert_eq(load(&c, "json_output: true\n", ov, 6, err, sizeof(err)), 0, "%s", err);
	cr_assert(c.file_output.enabled);
	cr_assert_str_eq(c.file_output.filename, "/o.txt");
	cr_assert_eq(c.rules_files.n, 3);
	cr_assert_str_eq(c.rules_files.v[2], "/r3.yaml");
	cr_assert_eq(c.drops.actions, DROP_ACT_IGNORE);
	cr_assert(!c.opt.json_output); /* -o after the file */
	config_free(&c);
}

Test(config, wrong_type_names_file_line_and_key)
{
	struct lanner_config c;
	char err[512];
	cr_assert_eq(load(&c, "priority: debug\nstdout_output:\n  enabled: maybe\n", NULL, 0, err,
			  sizeof(err)),
		     -1);
	cr_assert(strstr(err, ":3: stdout_output.enabled: expected a boolean"), "%s", err);
	config_free(&c);
	char *ov[] = {"webserver.listen_port=70000"};
	cr_assert_eq(load(&c, NULL, ov, 1, err, sizeof(err)), -1);
	cr_assert(strstr(err, "-o webserver.listen_port=70000: webserver.listen_port: expected an "
			      "integer from 0 to 65535"),
		  "%s", err);
	config_free(&c);
}

Test(config, bad_values)
{
	static const char *const bad[] = {
		"priority: loud\n",
		"rule_matching: some\n",
		"syscall_event_drops: {actions: [ignore, alert]}\n",
		"syscall_event_drops: {actions: [explode]}\n",
		"syscall_event_drops: {threshold: 2}\n",
		"metrics: {interval: 5x}\n",
		"metrics: {interval: 10ms}\n",
		"file_output: 3\n",
		"rules_files: {a: 1}\n",
		"lanner: {ring_buffer_kb: -1}\n",
		"[1, 2]\n",
		"a: [unclosed\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lanner_config c;
		char err[512] = "";
		cr_assert_eq(load(&c, bad[i], NULL, 0, err, sizeof(err)), -1, "accepted: %s",
			     bad[i]);
		cr_assert(err[0]);
		config_free(&c);
	}
}

Test(config, bad_overrides)
{
	static char *const bad[] = {"novalue",		"=x",	      "a..b=1", "json_output.x=1",
				    "rules_files[9]=x", "x={unclosed"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lanner_config c;
		char err[512] = "";
		char *ov[] = {bad[i]};
		cr_assert_eq(load(&c, "json_output: true\n", ov, 1, err, sizeof(err)), -1,
			     "accepted: %s", bad[i]);
		cr_assert(strstr(err, "-o "), "%s", err);
		config_free(&c);
	}
}

Test(config, unknown_keys_warn_only)
{
	struct lanner_config c;
	char err[512];
	cr_assert_eq(load(&c, "colour: blue\nengine: {kind: modern_ebpf}\nplugins: []\n", NULL, 0,
			  err, sizeof(err)),
		     0, "%s", err);
	config_free(&c);
}

Test(config, empty_file)
{
	struct lanner_config c;
	char err[512];
	cr_assert_eq(load(&c, "", NULL, 0, err, sizeof(err)), 0, "%s", err);
	cr_assert(c.stdout_output);
	config_free(&c);
}

Test(drop_alerts, text_and_json_shapes)
{
	struct lanner_options o;
	options_init(&o);
	/* by LNR_DCAT_* - 1: clone_fork, execve, connect, open, dir_file, other, close, proc */
	const uint64_t cat[8] = {1, 2, 3, 100, 4, 5, 2, 3};
	char *t = drop_alert_text(1000000000ULL * 3600 * 24 * 400, 900, 120, 0, cat, 1.0, &o, "h");
	cr_assert(strstr(t,
			 ": Debug Falco internal: syscall event drop. 120 system calls dropped "
			 "in last second. (ebpf_enabled=\"1\" n_drops=\"120\" "
			 "n_drops_buffer_clone_fork_exit=\"1\" n_drops_buffer_close_exit=\"2\" "
			 "n_drops_buffer_connect_exit=\"3\" n_drops_buffer_dir_file_exit=\"4\" "
			 "n_drops_buffer_execve_exit=\"2\" n_drops_buffer_open_exit=\"100\" "
			 "n_drops_buffer_other_interest_exit=\"5\" n_drops_buffer_proc_exit=\"3\" "
			 "n_drops_buffer_total=\"120\" n_drops_bug=\"0\" "
			 "n_drops_page_faults=\"0\" n_drops_scratch_map=\"0\" n_evts=\"900\")"),
		  "%s", t);
	free(t);
	o.json_output = true;
	t = drop_alert_text(1500000000123456789ULL, 900, 120, 0, NULL, 7.2, &o, "h");
	cr_assert_str_eq(
		t,
		"{\"hostname\":\"h\",\"output\":\"Falco internal: syscall event drop. "
		"120 system calls dropped in last 7 seconds.\",\"output_fields\":{"
		"\"ebpf_enabled\":\"1\",\"n_drops\":\"120\",\"n_drops_buffer_clone_fork_exit\":"
		"\"0\",\"n_drops_buffer_close_exit\":\"0\",\"n_drops_buffer_connect_exit\":\"0\","
		"\"n_drops_buffer_dir_file_exit\":\"0\",\"n_drops_buffer_execve_exit\":\"0\","
		"\"n_drops_buffer_open_exit\":\"0\",\"n_drops_buffer_other_interest_exit\":"
		"\"0\",\"n_drops_buffer_proc_exit\":\"0\",\"n_drops_buffer_total\":\"120\","
		"\"n_drops_bug\":\"0\",\"n_drops_page_faults\":\"0\",\"n_drops_scratch_map\":"
		"\"0\",\"n_evts\":\"900\"},\"priority\":\"Debug\",\"rule\":\"Falco internal: "
		"syscall event drop\",\"source\":\"internal\",\"time\":"
		"\"2017-07-14T02:40:00.123456789Z\"}");
	free(t);
}

Test(drop_alerts, threshold_rate_and_carry_over)
{
	struct cfg_drops cfg = {
		.actions = DROP_ACT_IGNORE, .threshold = 0.1, .rate = 0.5, .max_burst = 1};
	struct lanner_options o;
	options_init(&o);
	struct kernel_counts k = {0};
	struct drop_alerts d;
	cfg.actions = DROP_ACT_LOG;
	drop_alerts_init(&d, &cfg, &o, &k, 100.0);
	/* second 1: 5 of 100 lost, under the threshold: carried */
	k.c.seen = 100, k.c.drop_ring = 5;
	cr_assert(drop_alerts_check(&d, &k, 101.0, 0, NULL));
	cr_assert_eq(d.actions, 0);
	/* second 2: 50 of 100: acted on, with the carried 5 */
	k.c.seen = 200, k.c.drop_ring = 55;
	cr_assert(drop_alerts_check(&d, &k, 102.0, 0, NULL));
	cr_assert_eq(d.actions, 1);
	cr_assert_eq(d.acc_drops, 0);
	/* second 3: the bucket (0.5/s, burst 1) is empty: detected, not acted on, carried */
	k.c.seen = 300, k.c.drop_ring = 105;
	cr_assert(drop_alerts_check(&d, &k, 103.0, 0, NULL));
	cr_assert_eq(d.detected, 2);
	cr_assert_eq(d.actions, 1);
	cr_assert_eq(d.acc_drops, 50);
	/* a call before the next second does nothing */
	cr_assert(drop_alerts_check(&d, &k, 103.5, 0, NULL));
	cr_assert_eq(d.detected, 2);
	/* the last check at exit: 1 more of 1000 (under the threshold) and the 50 carried are
	 * acted on, whatever the threshold and the bucket say */
	k.c.seen = 1300, k.c.drop_ring = 106;
	d.next_check = 0;
	d.final = true;
	cr_assert(drop_alerts_check(&d, &k, 103.6, 0, NULL));
	cr_assert_eq(d.actions, 2);
	cr_assert_eq(d.acc_drops, 0);
	/* nothing carried: nothing to act on */
	d.next_check = 0;
	cr_assert(drop_alerts_check(&d, &k, 103.7, 0, NULL));
	cr_assert_eq(d.actions, 2);
	cfg.actions = DROP_ACT_EXIT;
	drop_alerts_init(&d, &cfg, &o, &k, 200.0);
	k.c.seen += 10, k.c.drop_ring += 10;
	cr_assert(!drop_alerts_check(&d, &k, 201.0, 0, NULL));
}

Test(outputs, file_channel_and_counters)
{
	struct lanner_config c;
	config_defaults(&c);
	c.stdout_output = false;
	c.file_output.enabled = true;
	char path[] = "/tmp/lanner-test-out-XXXXXX";
	int fd = mkstemp(path);
	close(fd);
	c.file_output.filename = strdup(path);
	c.outputs_queue_capacity = 100;
	char err[256];
	struct outputs *o = outputs_new(&c, err, sizeof(err));
	cr_assert(o, "%s", err);
	outputs_send(o, PRI_WARNING, "first alert");
	outputs_reopen(o);
	outputs_send(o, PRI_WARNING, "second alert");
	outputs_drain(o);
	struct output_stats s[OUTPUTS_MAX];
	cr_assert_eq(outputs_stats(o, s, OUTPUTS_MAX), 1);
	cr_assert_str_eq(s[0].name, "file");
	cr_assert_eq(s[0].sent, 2);
	cr_assert_eq(outputs_lost(o), 0);
	outputs_free(o);
	FILE *f = fopen(path, "r");
	char buf[128] = "";
	cr_assert_eq(fread(buf, 1, sizeof(buf) - 1, f), strlen("first alert\nsecond alert\n"));
	fclose(f);
	cr_assert_str_eq(buf, "first alert\nsecond alert\n");
	unlink(path);
	config_free(&c);
}

Test(outputs, missing_settings_refused)
{
	struct lanner_config c;
	char err[256];
	config_defaults(&c);
	c.http_output.enabled = true;
	cr_assert_null(outputs_new(&c, err, sizeof(err)));
	cr_assert(strstr(err, "http_output.url is required"), "%s", err);
	c.http_output.enabled = false;
	c.program_output.enabled = true;
	cr_assert_null(outputs_new(&c, err, sizeof(err)));
	cr_assert(strstr(err, "program_output.program is required"), "%s", err);
	config_free(&c);
}

Test(config, config_files_merged_in_order)
{
	char dir[] = "/tmp/lanner-test-confd-XXXXXX";
	cr_assert(mkdtemp(dir));
	char *a = NULL, *b = NULL, *junk = NULL, *y = NULL;
	cr_assert(asprintf(&a, "%s/10-a.yaml", dir) > 0 && asprintf(&b, "%s/20-b.yml", dir) > 0 &&
		  asprintf(&junk, "%s/notes.txt", dir) > 0);
	FILE *f = fopen(a, "w");
	fputs("rules_files: [/b.yaml]\njson_output: true\nfile_output: {filename: /f.txt}\n", f);
	fclose(f);
	f = fopen(b, "w");
	fputs("priority: warning\njson_output: false\n", f);
	fclose(f);
	f = fopen(junk, "w");
	fputs("not: [yaml\n", f);
	fclose(f);
	cr_assert(asprintf(&y,
			   "config_files: [%s, /nonexistent/dir]\nrules_files: [/a.yaml]\n"
			   "file_output: {enabled: true}\n",
			   dir) > 0);
	struct lanner_config c;
	char err[512];
	cr_assert_eq(load(&c, y, NULL, 0, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(c.rules_files.n, 2); /* lists appended */
	cr_assert_str_eq(c.rules_files.v[1], "/b.yaml");
	cr_assert(!c.opt.json_output); /* 20-b after 10-a */
	cr_assert_eq(c.opt.priority, PRI_WARNING);
	cr_assert(c.file_output.enabled); /* maps merged */
	cr_assert_str_eq(c.file_output.filename, "/f.txt");
	config_free(&c);
	char *ov[] = {"json_output=true"};
	cr_assert_eq(load(&c, y, ov, 1, err, sizeof(err)), 0, "%s", err);
	cr_assert(c.opt.json_output); /* -o after the included files */
	config_free(&c);
	unlink(a);
	unlink(b);
	unlink(junk);
	rmdir(dir);
	free(a);
	free(b);
	free(junk);
	free(y);
}
