/* privileges.c — see privileges.h. */
#include "common/privileges.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

enum { CAP_SYS_ADMIN_BIT = 21, CAP_PERFMON_BIT = 38, CAP_BPF_BIT = 39 };

/* CapEff of /proc/self/status; false when unreadable. */
static bool effective_caps(uint64_t *caps)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	bool found = false;
	if (!f)
		return false;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "CapEff: %" SCNx64, caps) == 1;
	fclose(f);
	return found;
}

bool bpf_privileges_ok(char *msg, size_t msglen)
{
	uint64_t caps = 0;
	if (!effective_caps(&caps))
		return true;
	bool admin = caps >> CAP_SYS_ADMIN_BIT & 1, bpf = caps >> CAP_BPF_BIT & 1,
	     perfmon = caps >> CAP_PERFMON_BIT & 1;
	if (admin || (bpf && perfmon))
		return true;
	snprintf(msg, msglen,
		 "missing privileges: loading the kernel sensor needs CAP_BPF and CAP_PERFMON "
		 "(or CAP_SYS_ADMIN); this process (uid %u) has %s%s%s — run it as root, or "
		 "grant them (e.g. systemd AmbientCapabilities=CAP_BPF CAP_PERFMON "
		 "CAP_SYS_PTRACE CAP_DAC_READ_SEARCH)",
		 (unsigned)geteuid(), bpf ? "CAP_BPF but not CAP_PERFMON" : "",
		 perfmon ? "CAP_PERFMON but not CAP_BPF" : "", !bpf && !perfmon ? "neither" : "");
	return false;
}
