/* capture.c — see capture.h. Also the "ship every event to userspace" baseline for benchmarks. */
#include "capture.h"
#include "capture_follow.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonstr.h"
#include "common/numparse.h"
#include "common/xalloc.h"
#include "containers/container_meta.h"
#include "events.h"
#include "eval/fields_extract.h"
#include "events/record.h"
#include "events/sensor.h"
#include "events/session.h"

struct cap {
	struct proctable *pt;
	struct container_meta *cm; /* the session's metadata cache (borrowed) */
	struct evtset want;
	bool all;
	uint32_t tgid;
	uint64_t limit, printed, received, bad;
	bool json;
	int64_t boot_to_epoch;
	struct rec_view v;
	struct fx_ctx fx;
	char val[REC_PATH_MAX];
	FILE *out;
	struct strbuf jb; /* --json: one quoted string */
};

/* Fields printed for every event, then fd fields, then the event's parameters. */
static const struct {
	enum field_id id;
	const char *arg;
	const char *name;
} common_fields[] = {
	{F_EVT_NUM, NULL, "evt.num"},
	{F_EVT_RES, NULL, "evt.res"},
	{F_EVT_RAWRES, NULL, "evt.rawres"},
	{F_PROC_PID, NULL, "proc.pid"},
	{F_THREAD_TID, NULL, "thread.tid"},
	{F_PROC_PPID, NULL, "proc.ppid"},
	{F_PROC_NAME, NULL, "proc.name"},
	{F_PROC_EXE, NULL, "proc.exe"},
	{F_PROC_EXEPATH, NULL, "proc.exepath"},
	{F_PROC_CMDLINE, NULL, "proc.cmdline"},
	{F_PROC_CWD, NULL, "proc.cwd"},
	{F_PROC_TTY, NULL, "proc.tty"},
	{F_PROC_PNAME, NULL, "proc.pname"},
	{F_PROC_PEXEPATH, NULL, "proc.pexepath"},
	{F_PROC_PCMDLINE, NULL, "proc.pcmdline"},
	{F_PROC_ANAME, "2", "proc.aname[2]"},
	{F_PROC_SID, NULL, "proc.sid"},
	{F_USER_UID, NULL, "user.uid"},
	{F_USER_NAME, NULL, "user.name"},
	{F_USER_LOGINUID, NULL, "user.loginuid"},
	{F_USER_LOGINNAME, NULL, "user.loginname"},
	{F_GROUP_GID, NULL, "group.gid"},
	{F_CONTAINER_ID, NULL, "container.id"},
	{F_FD_NUM, NULL, "fd.num"},
	{F_FD_TYPE, NULL, "fd.type"},
	{F_FD_TYPECHAR, NULL, "fd.typechar"},
	{F_FD_NAME, NULL, "fd.name"},
	{F_FD_DIRECTORY, NULL, "fd.directory"},
	{F_FD_FILENAME, NULL, "fd.filename"},
	{F_FD_SOCKFAMILY, NULL, "fd.sockfamily"},
	{F_FD_L4PROTO, NULL, "fd.l4proto"},
	{F_FD_CIP, NULL, "fd.cip"},
	{F_FD_CPORT, NULL, "fd.cport"},
	{F_FD_SIP, NULL, "fd.sip"},
	{F_FD_SPORT, NULL, "fd.sport"},
	{F_FD_LIP, NULL, "fd.lip"},
	{F_FD_LPORT, NULL, "fd.lport"},
	{F_FD_RIP, NULL, "fd.rip"},
	{F_FD_RPORT, NULL, "fd.rport"},
};

/* A JSON string as Falco writes one (common/jsonstr.h): valid JSON for any bytes, ill-formed
 * UTF-8 replaced by U+FFFD as nlohmann::json's replace handler does. */
static void json_str(struct cap *c, const char *s)
{
	sb_reset(&c->jb);
	json_quote(&c->jb, s, strlen(s));
	fwrite(sb_str(&c->jb), 1, c->jb.len, c->out);
}

static void emit(struct cap *c, const char *name, const char *val, bool numeric, bool *first)
{
	if (c->json) {
		fputs(*first ? "" : ",", c->out);
		json_str(c, name);
		fputc(':', c->out);
		if (numeric)
			fputs(val, c->out);
		else
			json_str(c, val);
	} else {
		fprintf(c->out, " %s=%s", name, val);
	}
	*first = false;
}

static void print_event(struct cap *c)
{
	struct fx_ctx *fx = &c->fx;
	bool first = true;
	char tbuf[64], name[128];
	if (!fx_text(fx, F_EVT_TIME, NULL, tbuf, sizeof(tbuf)))
		tbuf[0] = 0;
	const char *type = evt_name(fx->evt);
	if (c->json) {
		fputc('{', c->out);
		emit(c, "evt.time", tbuf, false, &first);
		emit(c, "evt.type", type ? type : "?", false, &first);
	} else {
		fprintf(c->out, "%s %s", tbuf, type ? type : "?");
	}
	for (size_t i = 0; i < sizeof(common_fields) / sizeof(common_fields[0]); i++) {
		struct fieldval fv;
		memset(&fv, 0, sizeof(fv));
		if (!fx_get(fx, common_fields[i].id, common_fields[i].arg, &fv))
			continue;
		if (!fx_value_text(&fv, c->val, sizeof(c->val)))
			continue;
		emit(c, common_fields[i].name, c->val,
		     fv.kind == FV_INT || fv.kind == FV_UINT || fv.kind == FV_BOOL, &first);
	}
	const struct evt_info *e = evt_info(fx->evt);
	for (int i = 0; e && i < e->nparams; i++) {
		if (!fx_param_text(fx, i, c->val, sizeof(c->val)))
			continue;
		snprintf(name, sizeof(name), "evt.arg.%s", e->params[i].name);
		emit(c, name, c->val, false, &first);
	}
	fputs(c->json ? "}\n" : "\n", c->out);
}

static int on_record(void *ctx, const void *data, size_t size)
{
	struct cap *c = ctx;
	const char *why = NULL;
	c->received++;
	if (!rec_decode(data, size, &c->v, &why)) {
		c->bad++;
		return 0;
	}
	bool is_proc = rec_apply_proc(c->pt, &c->v);
	int evt = c->v.h->evt;
	if (is_proc && c->v.h->kind != LNR_K_EXEC)
		return 0; /* fork/exit only maintain the table (clone events come from sys_exit) */
	if (c->tgid && !capture_followed(c->pt, (int)c->v.h->pid, (int)c->tgid))
		return 0;
	if (!c->all && !evtset_test(&c->want, evt))
		return 0;
	if (c->limit && c->printed >= c->limit)
		return 1;
	c->printed++;
	fx_begin(&c->fx, &c->v, c->pt, c->printed, c->boot_to_epoch);
	print_event(c);
	if (c->limit && c->printed >= c->limit)
		return 1;
	return 0;
}

/* After each poll: stop once -n COUNT events were printed. */
static int limit_reached(void *ctx)
{
	const struct cap *c = ctx;
	return c->limit && c->printed >= c->limit;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: lanner capture [-e evt.type,...] [-p PID] [-n COUNT] [-M SECONDS] "
		"[--json]\n"
		"                      [--ring-mb N] [-v]\n"
		"  Prints every event of the selected types (default: all the sensor supports),\n"
		"  one line each with its Falco fields; the loss counters go to stderr on exit.\n"
		"  -p PID: only PID and its descendants (those running at start and those forked\n"
		"  after).\n");
}

/* -e evt.type,...: the event types to print. False (message printed) on an unknown name. */
static bool want_events(struct cap *c, const char *arg)
{
	char *list = xstrdup(arg), *save = NULL;
	c->all = false;
	for (char *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		int id = evt_lookup(t);
		if (id < 0) {
			fprintf(stderr, "lanner capture: unknown event type '%s'\n", t);
			free(list);
			return false;
		}
		if (!sensor_supports(id) && id != EVT_execve && id != EVT_execveat)
			fprintf(stderr,
				"lanner capture: warning: '%s' is not captured by this sensor\n",
				t);
		evtset_set(&c->want, id);
	}
	free(list);
	return true;
}

/* The kernel's and userspace's counts at exit. */
static void print_totals(const struct cap *c, struct sensor *s)
{
	struct kernel_counts k;
	sensor_counters(s, &k);
	sensor_print_counters(&k, stderr);
	fprintf(stderr,
		"lanner: userspace: records=%llu printed=%llu malformed=%llu unread_at_exit=%llu "
		"lost=%llu\n",
		(unsigned long long)c->received, (unsigned long long)c->printed,
		(unsigned long long)c->bad, (unsigned long long)sensor_unread(&k, c->received),
		(unsigned long long)k.c.drop_ring);
}

int capture_main(int argc, char **argv)
{
	static const struct option lopts[] = {
		{"json", no_argument, NULL, 'j'},
		{"ring-mb", required_argument, NULL, 'r'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	struct cap *c = xcalloc(1, sizeof(*c));
	double max_s = 0;
	size_t ring_mb = 0;
	unsigned long long num;
	bool verbose = false;
	int opt, rc = 1;
	char err[512];
	c->all = true;
	c->out = stdout;
	evtset_none(&c->want);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "e:p:n:M:vh", lopts, NULL)) != -1) {
		switch (opt) {
		case 'e':
			if (!want_events(c, optarg))
				goto out;
			break;
		case 'p':
			if (!parse_uint_range("-p", optarg, 1, 4194304, &num, err, sizeof(err)))
				goto bad_number;
			c->tgid = (uint32_t)num;
			break;
		case 'n':
			if (!parse_uint_range("-n", optarg, 1, ~0ull, &num, err, sizeof(err)))
				goto bad_number;
			c->limit = num;
			break;
		case 'M':
			if (!parse_seconds("-M", optarg, 1e9, &max_s, err, sizeof(err)))
				goto bad_number;
			break;
		case 'j':
			c->json = true;
			break;
		case 'r':
			if (!parse_uint_range("--ring-mb", optarg, 1, 1024, &num, err, sizeof(err)))
				goto bad_number;
			if (num & (num - 1)) {
				snprintf(err, sizeof(err),
					 "--ring-mb %llu: not a power of two (1, 2, 4, ... 1024)",
					 num);
				goto bad_number;
			}
			ring_mb = (size_t)num;
			break;
		case 'v':
			verbose = true;
			break;
		case 'h':
			usage(stdout);
			rc = 0;
			goto out;
		default:
			usage(stderr);
			rc = 2;
			goto out;
		}
	}
	c->pt = proctable_new(NULL);
	if (!c->pt)
		goto out;
	session_signals();
	struct sensor_opts so = {
		.want = c->all ? NULL : &c->want,
		.tgid = c->tgid,
		.ring_bytes = ring_mb ? ring_mb << 20 : 0,
		.proc_records = true,
		.verbose = verbose,
	};
	struct session ss;
	if (session_start(&ss, &so, c->pt, NULL, NULL, err, sizeof(err))) {
		fprintf(stderr, "lanner: %s\n", err);
		goto out;
	}
	struct sensor *s = ss.s;
	c->cm = ss.cm;
	if (c->tgid) {
		int nf = capture_follow_start(c->pt, s, (int)c->tgid);
		if (nf < 0) {
			fprintf(stderr, "lanner: the sensor has no lnr_follow map\n");
			session_close(&ss);
			goto out;
		}
		fprintf(stderr, "lanner: following pid %u and its descendants (%d now)\n", c->tgid,
			nf);
	}
	c->boot_to_epoch = ss.boot_to_epoch;
	fprintf(stderr,
		"lanner: sensor loaded and attached in %.0f ms (%zu event types); %d "
		"processes known, %d seeded in the kernel map\n",
		ss.load_ms, evtset_count(sensor_enabled(s)), ss.nproc, ss.nseed);
	rc = session_loop(&ss, max_s, on_record, c, limit_reached, c);
	if (session_stop && !(c->limit && c->printed >= c->limit)) {
		struct kernel_counts k;
		sensor_counters(s, &k);
		sensor_drain(s, k.c.sent, &c->received, LNR_DRAIN_S, on_record, c);
	}
	fflush(c->out);
	print_totals(c, s);
	session_close(&ss);
	goto out;
bad_number:
	fprintf(stderr, "lanner capture: %s\n", err);
	rc = 2;
out:
	proctable_free(c->pt);
	sb_free(&c->jb);
	free(c);
	return rc;
}
