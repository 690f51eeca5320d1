/* Alert output (loader/format.c, output_text.c, output_json.c): format compilation, rendering,
 * Falco's text line and JSON object, against the shapes in ../shared/falco/OBSERVED.md. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "outputs/format.h"
#include "options.h"
#include "rules.h"

#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

struct kv {
	const char *key; /* field as written ("proc.aname[2]", "evt.arg.flags"); "proc.aname#N" */
	enum fv_kind kind;
	const char *s;
	int64_t i;
};

static bool kv_get(void *ctx, const struct operand *o, struct fieldval *out)
{
	const struct kv *t = ctx;
	char key[128];
	if (eval_field_access(o->field) == EVA_ANCESTOR)
		snprintf(key, sizeof(key), "%s#%d", o->field->name, out->anc);
	else if (o->arg)
		snprintf(key, sizeof(key), "%s[%s]", o->name, o->arg);
	else
		snprintf(key, sizeof(key), "%s", o->name);
	for (; t && t->key; t++) {
		if (strcmp(t->key, key))
			continue;
		out->kind = t->kind;
		if (t->kind == FV_STR) {
			out->s = t->s;
			out->len = strlen(t->s);
		} else if (t->kind == FV_IP) {
			out->family = 4;
			sscanf(t->s, "%hhu.%hhu.%hhu.%hhu", &out->ip[0], &out->ip[1], &out->ip[2],
			       &out->ip[3]);
		} else {
			out->i = t->i;
		}
		return true;
	}
	return false;
}

/* From OBSERVED.md: the JSON alert of `touch /tmp/secret` with evt.time 1795871961071912741. */
#define SECRET_TS 1795871961071912741ULL
#define SECRET_OUTPUT                                                                              \
	"Security alert! Access to secret file detected (user=%user.name command=%proc.cmdline)"
static const struct kv secret_event[] = {
	{"user.name", FV_STR, "root"},
	{"proc.cmdline", FV_STR, "touch /tmp/secret"},
	{"container.id", FV_STR, "64197e3fe5cd"},
	{NULL},
};
static const char secret_text[] =
	"13:19:21.071912741: Warning Security alert! Access to secret file detected (user=root "
	"command=touch /tmp/secret) container_id=64197e3fe5cd container_name=<NA> "
	"container_image_repository=<NA> container_image_tag=<NA> k8s_pod_name=<NA> "
	"k8s_ns_name=<NA>";
static const char secret_json[] =
	"{\"hostname\":\"vm\",\"output\":\"13:19:21.071912741: Warning Security alert! Access to "
	"secret file detected (user=root command=touch /tmp/secret) container_id=64197e3fe5cd "
	"container_name=<NA> container_image_repository=<NA> container_image_tag=<NA> "
	"k8s_pod_name=<NA> "
	"k8s_ns_name=<NA>\",\"output_fields\":{\"container.id\":\"64197e3fe5cd\",\"container.image."
	"repository\":null,\"container.image.tag\":null,\"container.name\":null,\"evt.time\":"
	"1795871961071912741,\"k8s.ns.name\":null,\"k8s.pod.name\":null,\"proc.cmdline\":\"touch "
	"/tmp/secret\",\"user.name\":\"root\"},\"priority\":\"Warning\",\"rule\":\"Detect Access "
	"to "
	"Secret File\",\"source\":\"syscall\",\"tags\":[],\"time\":\"2026-11-28T13:19:21."
	"071912741Z\"}";

static void utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

static void fini(void)
{
	eval_cache_clear();
}

TestSuite(output, .init = utc, .fini = fini);

static struct out_format *compile_ok(const char *fmt, const struct lanner_options *o)
{
	char err[256] = "";
	struct out_format *f = format_compile(fmt, o, err, sizeof(err));
	cr_assert(f, "format_compile(%s): %s", fmt, err);
	return f;
}

static char *render(const char *fmt, const struct kv *ev)
{
	struct out_format *f = compile_ok(fmt, NULL);
	char *s = format_render(f, kv_get, (void *)ev);
	format_free(f);
	return s;
}

#define EXPECT_RENDER(fmt, ev, want)                                                               \
	do {                                                                                       \
		char *got_ = render(fmt, ev);                                                      \
		cr_expect_str_eq(got_, want, "format '%s'", fmt);                                  \
		free(got_);                                                                        \
	} while (0)

Test(output, secret_file_text_line_matches_falco)
{
	struct lanner_options o;
	options_init(&o);
	struct out_format *f = compile_ok(SECRET_OUTPUT, &o);
	struct alert a = {.ts_ns = SECRET_TS,
			  .priority = PRI_WARNING,
			  .rule = "Detect Access to Secret File",
			  .fmt = f,
			  .get = kv_get,
			  .ctx = (void *)secret_event};
	char *line = output_alert(&a, &o);
	cr_expect_str_eq(line, secret_text);
	free(line);

	o.time_format_iso_8601 = true;
	line = output_alert(&a, &o);
	cr_expect(strncmp(line, "2026-11-28T13:19:21.071912741+0000: Warning Security alert!",
			  59) == 0,
		  "%s", line);
	free(line);
	format_free(f);
}

Test(output, text_time_is_local_time)
{
	setenv("TZ", "UTC-2", 1); /* POSIX sign: two hours east */
	tzset();
	char buf[64];
	output_time_text(SECRET_TS, false, buf, sizeof(buf));
	cr_expect_str_eq(buf, "15:19:21.071912741");
	output_time_text(SECRET_TS, true, buf, sizeof(buf));
	cr_expect_str_eq(buf, "2026-11-28T13:19:21.071912741+0000");
	output_time_json(SECRET_TS, buf, sizeof(buf));
	cr_expect_str_eq(buf, "2026-11-28T13:19:21.071912741Z");
	output_time_text(5, false, buf, sizeof(buf));
	cr_expect_str_eq(buf, "02:00:00.000000005");
	utc();
}

Test(output, secret_file_json_matches_falco)
{
	struct lanner_options o;
	options_init(&o);
	o.json_output = true;
	struct out_format *f = compile_ok(SECRET_OUTPUT, &o);
	struct alert a = {.ts_ns = SECRET_TS,
			  .priority = PRI_WARNING,
			  .rule = "Detect Access to Secret File",
			  .fmt = f,
			  .get = kv_get,
			  .ctx = (void *)secret_event};
	char *js = output_json_alert(&a, &o, "vm");
	cr_expect_str_eq(js, secret_json);
	free(js);

	setenv("FALCO_HOSTNAME", "node-x", 1);
	js = output_alert(&a, &o);
	cr_expect(strncmp(js, "{\"hostname\":\"node-x\",\"output\":", 30) == 0, "%s", js);
	free(js);
	unsetenv("FALCO_HOSTNAME");
	format_free(f);
}

Test(output, json_optional_properties_and_sorted_tags)
{
	struct lanner_options o;
	options_init(&o);
	o.suggested_output = false;
	o.json_include_message_property = true;
	o.json_include_output_property = false;
	o.time_format_iso_8601 = true;
	struct out_format *f = compile_ok("n=%proc.name", &o);
	static const struct kv ev[] = {{"proc.name", FV_STR, "sh"}, {NULL}};
	char *tags[] = {"shell", "T1059", "container", "mitre_execution"};
	struct alert a = {.ts_ns = SECRET_TS,
			  .priority = PRI_INFORMATIONAL,
			  .rule = "r",
			  .tags = tags,
			  .ntags = 4,
			  .fmt = f,
			  .get = kv_get,
			  .ctx = (void *)ev};
	char *js = output_json_alert(&a, &o, "h");
	cr_expect_str_eq(js, "{\"hostname\":\"h\",\"message\":\"n=sh\",\"output_fields\":{"
			     "\"evt.time.iso8601\":1795871961071912741,\"proc.name\":\"sh\"},"
			     "\"priority\":\"Informational\",\"rule\":\"r\",\"source\":\"syscall\","
			     "\"tags\":[\"T1059\",\"container\",\"mitre_execution\",\"shell\"],"
			     "\"time\":\"2026-11-28T13:19:21.071912741Z\"}");
	free(js);

	o.json_include_output_fields_property = false;
	o.json_include_tags_property = false;
	o.json_include_message_property = false;
	js = output_json_alert(&a, &o, "h");
	cr_expect_str_eq(js, "{\"hostname\":\"h\",\"priority\":\"Informational\",\"rule\":\"r\","
			     "\"source\":\"syscall\",\"time\":\"2026-11-28T13:19:21.071912741Z\"}");
	free(js);
	format_free(f);
}

Test(output, json_typed_values_and_keys_as_written)
{
	struct lanner_options o;
	options_init(&o);
	o.suggested_output = false;
	struct out_format *f = compile_ok(
		"%proc.tty %user.loginuid %container.privileged %evt.arg.flags %proc.aname[2] "
		"%fd.sip %fd.dev %tolower(proc.name) %proc.name %proc.pname",
		&o);
	static const struct kv ev[] = {
		{"proc.tty", FV_UINT, NULL, 34816},
		{"user.loginuid", FV_INT, NULL, -1},
		{"container.privileged", FV_BOOL, NULL, 0},
		{"evt.arg.flags", FV_STR, "O_RDONLY|O_CLOEXEC"},
		{"proc.aname#2", FV_STR, "sshd"},
		{"fd.sip", FV_IP, "10.0.0.1"},
		{"fd.dev", FV_UINT, NULL, 0xfd01},
		{"proc.name", FV_STR, "Sh"},
		{NULL},
	};
	struct alert a = {.ts_ns = 1,
			  .priority = PRI_NOTICE,
			  .rule = "x",
			  .fmt = f,
			  .get = kv_get,
			  .ctx = (void *)ev};
	char *js = output_json_alert(&a, &o, "h");
	const char *want_fields =
		"\"output_fields\":{\"container.privileged\":false,\"evt.arg.flags\":\"O_RDONLY|"
		"O_CLOEXEC\",\"evt.time\":1,\"fd.dev\":\"FD01\",\"fd.sip\":\"10.0.0.1\","
		"\"proc.aname[2]\":\"sshd\",\"proc.name\":\"Sh\",\"proc.pname\":null,\"proc.tty\":"
		"34816,\"user.loginuid\":-1}";
	cr_expect(strstr(js, want_fields) != NULL, "%s", js);
	cr_expect(strstr(js, "tolower") == NULL, "transformer tokens are not output_fields: %s",
		  js);
	cr_expect(strstr(js, "34816 -1 false O_RDONLY|O_CLOEXEC sshd 10.0.0.1 FD01 sh Sh <NA>") !=
			  NULL,
		  "%s", js);
	free(js);
	format_free(f);
}

Test(output, json_escaping)
{
	struct lanner_options o;
	options_init(&o);
	o.suggested_output = false;
	struct out_format *f = compile_ok("%proc.cmdline", &o);
	static const struct kv ev[] = {
		{"proc.cmdline", FV_STR, "a\"b\\c/d\n\t\x01\x7f \xc3\xa9 \xff end"},
		{NULL},
	};
	struct alert a = {.ts_ns = 0,
			  .priority = PRI_DEBUG,
			  .rule = "q\"",
			  .fmt = f,
			  .get = kv_get,
			  .ctx = (void *)ev};
	char *js = output_json_alert(&a, &o, "h");
	cr_expect(strstr(js, "\"proc.cmdline\":\"a\\\"b\\\\c/d\\n\\t\\u0001\x7f \xc3\xa9 "
			     "\xef\xbf\xbd end\"") != NULL,
		  "%s", js);
	cr_expect(strstr(js, "\"rule\":\"q\\\"\"") != NULL, "%s", js);
	cr_expect(strstr(js, "\"time\":\"1970-01-01T00:00:00.000000000Z\"") != NULL, "%s", js);
	free(js);
	format_free(f);
}

Test(output, missing_values_padding_and_token_ends)
{
	static const struct kv ev[] = {
		{"proc.name", FV_STR, "bash"},
		{"proc.cmdline", FV_STR, ""},
		{"proc.aname#1", FV_STR, "sshd"},
		{"proc.aname#2", FV_STR, "systemd"},
		{NULL},
	};
	EXPECT_RENDER("p=%proc.pname n=%proc.name", ev, "p=<NA> n=bash");
	EXPECT_RENDER("[%proc.cmdline]", ev, "[]"); /* empty string prints as nothing */
	EXPECT_RENDER("|%6proc.name|", ev, "|bash  |");
	EXPECT_RENDER("|%2proc.name|", ev, "|ba|");
	EXPECT_RENDER("|%4proc.name|", ev, "|bash|");
	EXPECT_RENDER("|%6proc.pname|", ev, "|<NA>  |");
	EXPECT_RENDER("(%proc.name)", ev, "(bash)");
	EXPECT_RENDER("%proc.name,%proc.name.", ev, "bash,bash.");
	EXPECT_RENDER("%proc.namex", ev, "bashx");
	EXPECT_RENDER("%proc.aname[1]/%proc.aname[2]/%proc.aname[3]", ev, "sshd/systemd/<NA>");
	EXPECT_RENDER("%proc.aname", ev, "sshd systemd");
	EXPECT_RENDER("%toupper(proc.name)!", ev, "BASH!");
	EXPECT_RENDER("%len(proc.name)", ev, "4");
	EXPECT_RENDER("no fields", ev, "no fields");
	EXPECT_RENDER("", ev, "");
}

Test(output, format_errors)
{
	char err[256];
	const char *bad[] = {"trailing %",  "%nosuch.field x", "%fd.ip",
			     "%%proc.name", "% proc.name",     "%evt.arg"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		err[0] = 0;
		struct out_format *f = format_compile(bad[i], NULL, err, sizeof(err));
		cr_expect(f == NULL, "'%s' should be refused", bad[i]);
		cr_expect(err[0] != 0, "'%s': no message", bad[i]);
		format_free(f);
	}
	format_compile("%fd.ip", NULL, err, sizeof(err));
	cr_expect(strstr(err, "filter only") != NULL, "%s", err);
}

Test(output, suggested_output_appends_six_fields)
{
	struct lanner_options o;
	options_init(&o);
	struct out_format *f = compile_ok("m", &o);
	char *s = format_render(f, kv_get, NULL);
	cr_expect_str_eq(s,
			 "m container_id=<NA> container_name=<NA> container_image_repository=<NA> "
			 "container_image_tag=<NA> k8s_pod_name=<NA> k8s_ns_name=<NA>");
	free(s);
	format_free(f);
	o.suggested_output = false;
	f = compile_ok("m", &o);
	s = format_render(f, kv_get, NULL);
	cr_expect_str_eq(s, "m");
	free(s);
	format_free(f);
}

Test(output, emit_writes_one_line_and_priority_names)
{
	struct lanner_options o;
	options_init(&o);
	o.suggested_output = false;
	struct out_format *f = compile_ok("hi %proc.name", &o);
	static const struct kv ev[] = {{"proc.name", FV_STR, "sh"}, {NULL}};
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);
	cr_assert(m);
	const char *names[PRI_COUNT] = {"Emergency", "Alert",  "Critical",	"Error",
					"Warning",   "Notice", "Informational", "Debug"};
	for (int p = 0; p < PRI_COUNT; p++) {
		struct alert a = {.ts_ns = 0,
				  .priority = (enum priority)p,
				  .rule = "r",
				  .fmt = f,
				  .get = kv_get,
				  .ctx = (void *)ev};
		cr_assert_eq(output_emit(m, &a, &o), 0);
	}
	fclose(m);
	char want[1024] = "";
	for (int p = 0; p < PRI_COUNT; p++) {
		strcat(want, "00:00:00.000000000: ");
		strcat(want, names[p]);
		strcat(want, " hi sh\n");
	}
	cr_expect_str_eq(buf, want);
	free(buf);
	format_free(f);
}
