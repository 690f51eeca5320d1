/* openloop.c — the guest's storm: opens and closes the path argv[1] argv[2] times (openat and
 * close, two secret-file alerts each). Run beside a CPU hog, so that the kernel preempts it
 * often, also inside lanner's syscall programs on a kernel that runs them preemptibly (7.x).
 * Prints the number of opens that succeeded; exit 0 when all did, 1 otherwise, 2 on usage. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	long n = atol(argv[2]), ok = 0;
	for (long i = 0; i < n; i++) {
		int fd = open(argv[1], O_RDONLY);
		if (fd < 0)
			continue;
		ok++;
		close(fd);
	}
	printf("%ld\n", ok);
	return ok == n ? 0 : 1;
}
