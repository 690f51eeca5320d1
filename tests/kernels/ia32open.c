/* ia32open.c — the guest's 32-bit action: opens and closes the path argv[1] through the i386
 * system call gate (int $0x80: open = 5, close = 6), as a 32-bit program does, from a 64-bit
 * static non-PIE binary (its data lies below 4 GiB, so the path's address fits in ebx). The kernel
 * runs these as compat syscalls on kernels with IA32 emulation; the secret-file rule must alert on
 * them as on the 64-bit openat. Exit 0 when the open succeeded, 1 when it failed, 2 on usage. */
#include <stdio.h>
#include <string.h>

static char path[256];

static long sys32(long nr, long a)
{
	long ret;
	__asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a) : "memory");
	return ret;
}

int main(int argc, char **argv)
{
	if (argc != 2 || strlen(argv[1]) >= sizeof(path))
		return 2;
	strcpy(path, argv[1]);
	long fd = sys32(5 /* open */, (long)path);
	printf("ia32 open: %ld\n", fd);
	if (fd < 0)
		return 1;
	sys32(6 /* close */, fd);
	return 0;
}
