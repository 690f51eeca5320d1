/* caps.c — capability set → "CAP_CHOWN CAP_DAC_OVERRIDE ..." (see caps.h). */
#include "caps.h"

#include <string.h>

/* Bit N of a capability set is capability N of linux/capability.h. */
static const char *const cap_names[] = {
	"CAP_CHOWN",
	"CAP_DAC_OVERRIDE",
	"CAP_DAC_READ_SEARCH",
	"CAP_FOWNER",
	"CAP_FSETID",
	"CAP_KILL",
	"CAP_SETGID",
	"CAP_SETUID",
	"CAP_SETPCAP",
	"CAP_LINUX_IMMUTABLE",
	"CAP_NET_BIND_SERVICE",
	"CAP_NET_BROADCAST",
	"CAP_NET_ADMIN",
	"CAP_NET_RAW",
	"CAP_IPC_LOCK",
	"CAP_IPC_OWNER",
	"CAP_SYS_MODULE",
	"CAP_SYS_RAWIO",
	"CAP_SYS_CHROOT",
	"CAP_SYS_PTRACE",
	"CAP_SYS_PACCT",
	"CAP_SYS_ADMIN",
	"CAP_SYS_BOOT",
	"CAP_SYS_NICE",
	"CAP_SYS_RESOURCE",
	"CAP_SYS_TIME",
	"CAP_SYS_TTY_CONFIG",
	"CAP_MKNOD",
	"CAP_LEASE",
	"CAP_AUDIT_WRITE",
	"CAP_AUDIT_CONTROL",
	"CAP_SETFCAP",
	"CAP_MAC_OVERRIDE",
	"CAP_MAC_ADMIN",
	"CAP_SYSLOG",
	"CAP_WAKE_ALARM",
	"CAP_BLOCK_SUSPEND",
	"CAP_AUDIT_READ",
	"CAP_PERFMON",
	"CAP_BPF",
	"CAP_CHECKPOINT_RESTORE",
};

const char *caps_name(unsigned bit)
{
	return bit < sizeof(cap_names) / sizeof(cap_names[0]) ? cap_names[bit] : NULL;
}

/* Appends text at offset n of buf, as much as fits before its last byte. */
static void put(char *buf, size_t len, size_t n, const char *text, size_t tl)
{
	for (size_t i = 0; i < tl && n + i + 1 < len; i++)
		buf[n + i] = text[i];
}

size_t caps_render(uint64_t set, char *buf, size_t len)
{
	size_t n = 0;
	for (size_t bit = 0; bit < sizeof(cap_names) / sizeof(cap_names[0]); bit++) {
		if (!(set & (1ull << bit)))
			continue;
		if (n) {
			put(buf, len, n, " ", 1);
			n++;
		}
		size_t l = strlen(cap_names[bit]);
		put(buf, len, n, cap_names[bit], l);
		n += l;
	}
	if (len)
		buf[n < len ? n : len - 1] = 0;
	return n;
}
