/* mkbundle — writes a bundle WITHOUT lanner-gen, for testing `lanner -b` on its own:
 *   mkbundle OBJ OUT RULES...
 * OBJ is a BPF object (e.g. the sensor compiled with a LNR_RULES_HOOK that marks every event
 * UNKNOWN), the metadata is what `lanner --ship-all` computes from RULES (every rule evaluated in
 * userspace on every event of its types). Built by secret_file.test.sh against the loader's and
 * rulelang's objects. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle.h"
#include "bundle_meta.h"
#include "diag.h"
#include "eval/rule_engine.h"

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	unsigned char *b = malloc(n > 0 ? (size_t)n : 1);
	if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
		free(b);
		b = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: mkbundle OBJ OUT RULES...\n");
		return 2;
	}
	char err[512];
	size_t objlen = 0;
	unsigned char *obj = slurp(argv[1], &objlen);
	if (!obj) {
		perror(argv[1]);
		return 1;
	}
	struct ruleset *rs = ruleset_new();
	struct diags d = {0};
	int errors = 0;
	for (int i = 3; i < argc; i++)
		errors += ruleset_load_path(rs, argv[i], &d);
	struct lanner_options o;
	options_init(&o);
	struct bundle_meta m;
	if (errors || engine_meta_from_ruleset(rs, &o, &m, err, sizeof(err))) {
		fprintf(stderr, "mkbundle: rules do not load\n");
		return 1;
	}
	uint8_t hash[32];
	if (bundle_hash_sources(argv + 3, (size_t)(argc - 3), hash, err, sizeof(err))) {
		fprintf(stderr, "mkbundle: %s\n", err);
		return 1;
	}
	free(m.generator);
	m.generator = strdup("mkbundle (test)");
	char *json = bundle_meta_to_json(&m);
	struct bundle_section secs[2] = {
		{.type = BSEC_BPF_OBJECT, .data = obj, .len = objlen},
		{.type = BSEC_METADATA, .data = (const uint8_t *)json, .len = strlen(json)},
	};
	int rc = bundle_write(argv[2], hash, secs, 2, err, sizeof(err));
	if (rc)
		fprintf(stderr, "mkbundle: %s\n", err);
	free(json);
	bundle_meta_free(&m);
	diags_free(&d);
	ruleset_free(rs);
	free(obj);
	return rc ? 1 : 0;
}
