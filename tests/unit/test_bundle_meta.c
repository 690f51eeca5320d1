/* bundle_meta: JSON round trip and refusal of malformed metadata. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "bundle_meta.h"
#include "events.h"
#include "rules.h"

static char *tags0[] = {"filesystem", "mitre_credential_access"};
static char *items0[] = {"/etc/shadow", "weird \"quoted\" \\ item\twith tab", ""};
static char *srcs[] = {"a.yaml", "dir/b.yaml"};

static void sample(struct bundle_meta *m, struct meta_rule *r, struct meta_event *e,
		   struct meta_map *mm, int *ids)
{
	memset(m, 0, sizeof(*m));
	m->format = BUNDLE_META_FORMAT;
	m->generator = "lanner-gen test";
	m->source_hash = "abcdef";
	m->sources = srcs;
	m->nsources = 2;
	m->rule_matching = MATCH_ALL;
	m->priority = PRI_NOTICE;
	r[0] = (struct meta_rule){"Rule one",
				  PRI_WARNING,
				  "syscall",
				  tags0,
				  2,
				  "out %proc.name",
				  "(fd.name = /etc/shadow and proc.name = cat)",
				  "partly"};
	r[1] = (struct meta_rule){"Rule two ünïcode",  PRI_CRITICAL, "syscall", NULL, 0, "o",
				  "evt.type = execve", "fully"};
	m->rules = r;
	m->nrules = 2;
	ids[0] = 0;
	ids[1] = 1;
	e[0] = (struct meta_event){EVT_openat, ids, 2};
	e[1] = (struct meta_event){EVT_execve, ids + 1, 1};
	m->events = e;
	m->nevents = 2;
	mm[0] = (struct meta_map){"lnr_m0", MM_LPM_SUFFIX, 132, 5, items0, 3};
	m->maps = mm;
	m->nmaps = 1;
	static struct meta_leaf ml[] = {
		{0, 0, "container.image.repository in (nginx, \"a b\")"},
		{1, 3, "user.name = root"},
	};
	m->meta_leaves = ml;
	m->nmeta_leaves = 2;
}

Test(bundle_meta, round_trip)
{
	struct bundle_meta m, back;
	struct meta_rule r[2];
	struct meta_event e[2];
	struct meta_map mm[1];
	int ids[2];
	char err[256];
	sample(&m, r, e, mm, ids);
	char *j = bundle_meta_to_json(&m);
	cr_assert(j);
	cr_assert_eq(bundle_meta_from_json(j, strlen(j), &back, err, sizeof(err)), 0, "%s", err);
	cr_assert_eq(back.format, BUNDLE_META_FORMAT);
	cr_assert_str_eq(back.generator, "lanner-gen test");
	cr_assert_str_eq(back.source_hash, "abcdef");
	cr_assert_eq(back.nsources, 2);
	cr_assert_str_eq(back.sources[1], "dir/b.yaml");
	cr_assert_eq(back.rule_matching, MATCH_ALL);
	cr_assert_eq(back.priority, PRI_NOTICE);
	cr_assert_eq(back.nrules, 2);
	cr_assert_str_eq(back.rules[0].name, "Rule one");
	cr_assert_eq(back.rules[0].priority, PRI_WARNING);
	cr_assert_eq(back.rules[0].ntags, 2);
	cr_assert_str_eq(back.rules[0].tags[1], "mitre_credential_access");
	cr_assert_str_eq(back.rules[0].condition, r[0].condition);
	cr_assert_str_eq(back.rules[1].name, r[1].name);
	cr_assert_eq(back.rules[1].ntags, 0);
	cr_assert_eq(back.nevents, 2);
	cr_assert_eq(back.events[0].evt, EVT_openat);
	cr_assert_eq(back.events[0].nrules, 2);
	cr_assert_eq(back.events[1].rules[0], 1);
	cr_assert_eq(back.nmaps, 1);
	cr_assert_eq(back.maps[0].kind, MM_LPM_SUFFIX);
	cr_assert_eq(back.maps[0].key_size, 132);
	cr_assert_eq(back.maps[0].value, 5);
	cr_assert_eq(back.maps[0].nitems, 3);
	cr_assert_str_eq(back.maps[0].items[1], items0[1]);
	cr_assert_str_eq(back.maps[0].items[2], "");
	cr_assert_eq(back.nmeta_leaves, 2);
	cr_assert_eq(back.meta_leaves[1].kind, 1);
	cr_assert_eq(back.meta_leaves[1].bit, 3);
	cr_assert_str_eq(back.meta_leaves[0].check, m.meta_leaves[0].check);
	/* printing again gives the same text */
	char *j2 = bundle_meta_to_json(&back);
	cr_assert_str_eq(j, j2);
	free(j);
	free(j2);
	bundle_meta_free(&back);
}

static void refused(const char *json, const char *why)
{
	struct bundle_meta m;
	char err[256] = "";
	cr_assert_eq(bundle_meta_from_json(json, strlen(json), &m, err, sizeof(err)), -1, "%s",
		     json);
	cr_assert(strstr(err, why), "error '%s' lacks '%s'", err, why);
	cr_assert_eq(m.nrules, 0);
}

Test(bundle_meta, refuses_bad_input)
{
	refused("", "invalid JSON");
	refused("{\"format\":1,", "invalid JSON");
	refused("[1]", "not a JSON object");
	refused("{\"format\":2,\"rules\":[],\"events\":[]}", "format 2");
	refused("{\"format\":1,\"events\":[]}", "missing key \"rules\"");
	refused("{\"format\":1,\"rules\":[],\"events\":[{\"evt\":\"nosuch\",\"rules\":[]}]}",
		"unknown event type");
	refused("{\"format\":1,\"rules\":[],\"events\":[{\"evt\":\"openat\",\"rules\":[0]}]}",
		"out of range");
	refused("{\"format\":1,\"rules\":[{\"name\":\"a\",\"priority\":\"Loud\",\"output\":\"o\","
		"\"condition\":\"c\"}],\"events\":[]}",
		"unknown priority");
	refused("{\"format\":1,\"rules\":[{\"name\":3}],\"events\":[]}", "wrong type");
	refused("{\"format\":1,\"rules\":[],\"events\":[],\"maps\":[{\"name\":\"m\",\"kind\":"
		"\"bloom\",\"key_size\":8}]}",
		"unknown map kind");
	refused("{\"format\":1,\"rules\":[],\"events\":[]} junk", "trailing");
	refused("{\"format\":1,\"rules\":[],\"events\":[],\"meta_leaves\":[{\"kind\":"
		"\"pod\",\"bit\":0,\"check\":\"c\"}]}",
		"unknown meta leaf kind");
	refused("{\"format\":1,\"rules\":[],\"events\":[],\"meta_leaves\":[{\"kind\":"
		"\"user\",\"bit\":-1,\"check\":\"c\"}]}",
		"bit out of range");
}
