/* cgroup_id: prints the container id Lanner's userspace classifier (loader/cgroup.c) gives a
 * process: 12 hex digits or "host". Used by container_id.test.sh until `lanner capture` exists.
 *   cgroup_id PID [PROC_ROOT]     exit 0; 1 when /proc/PID/cgroup cannot be read; 2 on usage
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "containers/cgroup.h"

int main(int argc, char **argv)
{
	char id[CGROUP_ID_BUF], full[CGROUP_FULL_ID_BUF];
	char *end;
	long pid;
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: cgroup_id PID [PROC_ROOT]\n");
		return 2;
	}
	pid = strtol(argv[1], &end, 10);
	if (*end || pid <= 0) {
		fprintf(stderr, "cgroup_id: bad pid '%s'\n", argv[1]);
		return 2;
	}
	rc = cgroup_container_id(argc == 3 ? argv[2] : NULL, (int)pid, NULL, id, full);
	if (rc < 0) {
		fprintf(stderr, "cgroup_id: /proc/%ld/cgroup: %s\n", pid, strerror(-rc));
		return 1;
	}
	printf("%s\n", id);
	return 0;
}
