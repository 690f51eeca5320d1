/* Tests of fields.c: catalogue coverage (every field of falco_rules.yaml and of
 * docs/falco-semantics.md: "Fields"), name lookups (exact, longest prefix, dotted arguments),
 * argument rules, and the operator/type legality table with Falco's messages
 * (docs/falco-semantics.md: "Operators"). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"

/* Fields used by falco_rules.yaml (conditions, outputs, exception fields, commented examples)
 * and listed in docs/falco-semantics.md: "Fields". */
static const char *const used_fields[] = {
	"proc.name",
	"proc.cmdline",
	"proc.pname",
	"evt.type",
	"proc.args",
	"user.name",
	"proc.tty",
	"user.uid",
	"proc.exepath",
	"user.loginuid",
	"fd.name",
	"proc.pcmdline",
	"proc.aname",
	"proc.pexe",
	"evt.arg",
	"container.image.repository",
	"fd.type",
	"fd.typechar",
	"evt.res",
	"proc.exe",
	"proc.cwd",
	"fd.l4proto",
	"thread.cap_effective",
	"thread.cap_permitted",
	"fd.rport",
	"fd.lport",
	"fd.directory",
	"fd.num",
	"fd.nameraw",
	"evt.rawres",
	"user.loginname",
	"syscall.type",
	"proc.sname",
	"proc.pexepath",
	"group.name",
	"group.gid",
	"fd.sip",
	"evt.num",
	"evt.args",
	"container.start_ts",
	"proc.vpgid.name",
	"proc.vpgid.exe",
	"proc.ppid.duration",
	"proc.is_vpgid_leader",
	"proc.is_exe_upper_layer",
	"proc.is_exe_from_memfd",
	"proc.exe_ino.mtime",
	"proc.exe_ino.ctime_duration_proc_start",
	"proc.exe_ino.ctime",
	"proc.duration",
	"proc.aexepath",
	"proc.aexe",
	"proc.env",
	"proc.vpid",
	"k8s.ns.name",
	"k8s.pod.name",
	"fd.types",
	"fd.sport",
	"fd.snet",
	"fd.sip.name",
	"fd.net",
	"fd.name_changed",
	"fd.ip",
	"fd.filename",
	"fd.connected",
	"fd.cip",
	"fd.rip",
	"fd.cnet",
	"fd.rnet",
	"fd.cip.name",
	"fd.lip.name",
	"fd.rip.name",
	"evt.is_open_write",
	"evt.is_open_read",
	"evt.is_open_exec",
	"evt.hostname",
	"evt.buffer",
	"evt.time",
	"evt.time.iso8601",
	"evt.dir",
	"container.privileged",
	"container.id",
	"container.name",
	"container.image.tag",
	"container.mounts",
	"container.mount.dest",
	"proc.pid",
	"proc.ppid",
	"proc.apid",
	"proc.acmdline",
	"thread.tid",
	"thread.vtid",
	"thread.cap_inheritable",
	"user.homedir",
	"user.shell",
	"fd.cport",
	"fd.lip",
	"fd.port",
	"fd.proto",
	"fd.lnet",
	"fd.sockfamily",
	"fd.dev",
	"fd.ino",
	"container.image",
	"container.image.id",
	"container.image.digest",
	"container.type",
	"container.full_id",
	"container.healthcheck",
	"container.liveness_probe",
	"container.readiness_probe",
	"container.label",
	"container.labels",
	"container.mount",
	"container.mount.source",
	"k8s.pod.uid",
	"k8s.pod.id",
	"k8s.pod.labels",
	"k8s.pod.label",
	"k8s.pod.ip",
	"k8s.pod.sandbox_id",
	"k8s.pod.full_sandbox_id",
	"proc.sid",
	"proc.is_exe_writable",
	"proc.is_container_healthcheck",
	"evt.deltatime",
	"evt.datetime",
	"evt.latency",
	"evt.wait_latency",
};

Test(fields, catalogue_covers_used_fields)
{
	for (size_t i = 0; i < sizeof(used_fields) / sizeof(used_fields[0]); i++)
		cr_expect(field_by_name(used_fields[i]), "missing field %s", used_fields[i]);
}

Test(fields, ids_names_unique_and_consistent)
{
	cr_assert_eq(field_count(), F_COUNT);
	for (size_t i = 0; i < field_count(); i++) {
		const struct field_info *f = field_by_id((enum field_id)i);
		cr_assert(f);
		cr_expect_eq(f->id, (enum field_id)i);
		cr_expect(f->desc && *f->desc, "%s has no description", f->name);
		cr_expect_eq(field_by_name(f->name), f, "duplicate name %s", f->name);
	}
	cr_expect_null(field_by_id(F_COUNT));
}

Test(fields, types_and_flags)
{
	cr_expect_eq(field_by_name("proc.tty")->type, FT_UINT32);
	cr_expect_eq(field_by_name("user.loginuid")->type, FT_INT64);
	cr_expect_eq(field_by_name("fd.sport")->type, FT_PORT);
	cr_expect_eq(field_by_name("fd.snet")->type, FT_IPNET);
	cr_expect_eq(field_by_name("fd.cip")->type, FT_IPADDR);
	cr_expect_eq(field_by_name("evt.buffer")->type, FT_BYTEBUF);
	cr_expect_eq(field_by_name("container.privileged")->type, FT_BOOL);
	cr_expect_eq(field_by_name("proc.duration")->type, FT_RELTIME);
	cr_expect(field_by_name("evt.arg")->flags & FF_ARG_REQUIRED);
	cr_expect(field_by_name("proc.aname")->flags & FF_NO_TRANSFORMER);
	cr_expect(field_by_name("proc.aname")->flags & FF_NO_RHS);
	cr_expect(field_by_name("fd.ip")->flags & FF_FILTER_ONLY);
	cr_expect(field_by_name("fd.types")->flags & FF_IS_LIST);
	cr_expect(field_by_name("evt.dir")->flags & FF_DEPRECATED);
	cr_expect(field_by_name("fd.dev")->flags & FF_PRINT_HEX);
	cr_expect_str_eq(ftype_name(FT_UINT32), "UINT32");
	cr_expect_str_eq(ftype_name(FT_IPNET), "IPNET");
	cr_expect_eq(ftype_class(FT_FSPATH), FTC_STRING);
	cr_expect_eq(ftype_class(FT_ABSTIME), FTC_NUMERIC);
}

Test(fields, lookup_prefix)
{
	size_t n;
	const struct field_info *f;
	f = field_lookup_prefix("evt.arg.flags", &n);
	cr_assert(f);
	cr_expect_str_eq(f->name, "evt.arg");
	cr_expect_eq(n, 13);
	f = field_lookup_prefix("evt.args", &n);
	cr_expect_str_eq(f->name, "evt.args");
	cr_expect_eq(n, 8);
	f = field_lookup_prefix("proc.aname[2]", &n);
	cr_expect_str_eq(f->name, "proc.aname");
	cr_expect_eq(n, 10);
	f = field_lookup_prefix("proc.namex", &n); /* output tokens end where the field does */
	cr_expect_str_eq(f->name, "proc.name");
	cr_expect_eq(n, 9);
	f = field_lookup_prefix("fd.cip.name)", &n);
	cr_expect_str_eq(f->name, "fd.cip.name");
	f = field_lookup_prefix("container.image.repository", &n);
	cr_expect_str_eq(f->name, "container.image.repository");
	f = field_lookup_prefix("thread.cgroup.cpuacct", &n);
	cr_expect_str_eq(f->name, "thread.cgroup");
	cr_expect_eq(n, 21);
	cr_expect_null(field_lookup_prefix("nope.field", &n));
	cr_expect_eq(n, 0);
	cr_expect_null(field_by_name("proc.name.x"));
}

Test(fields, op_legality_messages)
{
	char m[200];
	cr_expect(!field_op_allowed(field_by_name("proc.pid"), OP_CONTAINS, m, sizeof(m)));
	cr_expect_str_eq(m, "'contains' operator not supported for numeric filters");
	cr_expect(!field_op_allowed(field_by_name("proc.name"), OP_BCONTAINS, m, sizeof(m)));
	cr_expect_str_eq(m, "'bcontains' operator not supported for string filters");
	cr_expect(!field_op_allowed(field_by_name("fd.ip"), OP_STARTSWITH, m, sizeof(m)));
	cr_expect_str_eq(m,
			 "'startswith' operator not supported for ip address and network filters");
	cr_expect(!field_op_allowed(field_by_name("evt.buffer"), OP_GLOB, m, sizeof(m)));
	cr_expect_str_eq(m, "'glob' operator not supported for buffer filters");
	cr_expect(!field_op_allowed(field_by_name("fd.types"), OP_EQ, m, sizeof(m)));
	cr_expect_str_eq(m, "'=' operator not supported list filters");
	cr_expect(!field_op_allowed(field_by_name("evt.is_open_read"), OP_LT, m, sizeof(m)));
	cr_expect(field_op_allowed(field_by_name("evt.buffer"), OP_BCONTAINS, m, sizeof(m)));
	cr_expect(field_op_allowed(field_by_name("proc.name"), OP_PMATCH, m, sizeof(m)));
	cr_expect(field_op_allowed(field_by_name("proc.pid"), OP_GE, m, sizeof(m)));
	cr_expect(field_op_allowed(field_by_name("fd.snet"), OP_IN, m, sizeof(m)));
	cr_expect(field_op_allowed(field_by_name("fd.types"), OP_INTERSECTS, m, sizeof(m)));
	cr_expect(field_op_allowed(field_by_name("fd.ip"), OP_EXISTS, m, sizeof(m)));
}

Test(fields, argument_rules)
{
	char m[200];
	const struct field_info *f = field_by_name("evt.arg");
	cr_expect(!field_arg_valid(f, "evt.arg", NULL, m, sizeof(m)));
	cr_expect_str_eq(m, "field 'evt.arg' requires an argument");
	cr_expect(field_arg_valid(f, "evt.arg[1]", "1", m, sizeof(m)));
	f = field_by_name("proc.aname");
	cr_expect(field_arg_valid(f, "proc.aname", NULL, m, sizeof(m)));
	cr_expect(field_arg_valid(f, "proc.aname[3]", "3", m, sizeof(m)));
	cr_expect(!field_arg_valid(f, "proc.aname[x]", "x", m, sizeof(m)));
	cr_expect_str_eq(m, "x is not a valid number");
	f = field_by_name("proc.name");
	cr_expect(!field_arg_valid(f, "proc.name[1]", "1", m, sizeof(m)));
	cr_expect_str_eq(m, "filter_check called with nonexistent field proc.name[1]");
	cr_expect(
		field_arg_valid(field_by_name("proc.env"), "proc.env[HOME]", "HOME", m, sizeof(m)));
	cr_expect(
		field_arg_valid(field_by_name("container.mount.dest"), "x", "/etc", m, sizeof(m)));
}

Test(fields, index_arguments_are_strict)
{
	char m[200];
	const struct field_info *an = field_by_name("proc.aname"), *ea = field_by_name("evt.arg");
	cr_expect(field_arg_valid(an, "proc.aname[0]", "0", m, sizeof(m)));
	cr_expect(field_arg_valid(an, "proc.aname[2147483647]", "2147483647", m, sizeof(m)));
	static const char *const bad[] = {"-1", "+2", "2147483648", "99999999999999999999"};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		char shown[64];
		snprintf(shown, sizeof(shown), "proc.aname[%s]", bad[i]);
		cr_expect(!field_arg_valid(an, shown, bad[i], m, sizeof(m)), "%s accepted", shown);
		cr_expect(strstr(m, "invalid index") && strstr(m, bad[i]), "%s: %s", shown, m);
	}
	/* evt.arg[N] is an index, evt.arg.NAME a parameter name */
	cr_expect(!field_arg_valid(ea, "evt.arg[4294967296]", "4294967296", m, sizeof(m)));
	cr_expect_str_eq(m,
			 "invalid index 4294967296 of field 'evt.arg': an index is a number from "
			 "0 to 2147483647");
	cr_expect(!field_arg_valid(ea, "evt.arg[abc]", "abc", m, sizeof(m)));
	cr_expect_str_eq(m, "abc is not a valid number");
	cr_expect(field_arg_valid(ea, "evt.arg.flags", "flags", m, sizeof(m)));
	/* a key field: text is a key, digits an index held to the same range */
	const struct field_info *md = field_by_name("container.mount.dest");
	cr_expect(field_arg_valid(md, "container.mount.dest[/etc]", "/etc", m, sizeof(m)));
	cr_expect(field_arg_valid(md, "container.mount.dest[3]", "3", m, sizeof(m)));
	cr_expect(!field_arg_valid(md, "container.mount.dest[99999999999]", "99999999999", m,
				   sizeof(m)));
}

Test(fields, operand_arg)
{
	struct operand o = {.kind = OPND_FIELD, .name = "evt.arg.flags", .len = 13};
	o.field = field_by_name("evt.arg");
	cr_expect_str_eq(field_operand_arg(&o), "flags");
	struct operand p = {.kind = OPND_FIELD, .name = "proc.aname", .len = 10, .arg = "2"};
	p.field = field_by_name("proc.aname");
	cr_expect_str_eq(field_operand_arg(&p), "2");
	struct operand q = {.kind = OPND_FIELD, .name = "proc.name", .len = 9};
	q.field = field_by_name("proc.name");
	cr_expect_null(field_operand_arg(&q));
}

Test(fields, list_write)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	cr_assert(f);
	field_list_write(f);
	fclose(f);
	cr_expect(strstr(buf, "Field class: proc"));
	cr_expect(strstr(buf, "proc.name"));
	cr_expect(strstr(buf, "CHARBUF"));
	cr_expect(strstr(buf, "evt.arg"));
	cr_expect(strstr(buf, "argument required"));
	size_t lines = 0;
	for (char *p = buf; *p; p++)
		lines += *p == '\n';
	cr_expect_geq(lines, field_count());
	free(buf);
}
