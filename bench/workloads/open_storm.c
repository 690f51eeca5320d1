/* open_storm — COUNT × openat+close of a file that no rule matches (a private temp file).
 * The file is created before the loop so the loop itself opens read-only. */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv, "");
	char path[] = "/tmp/lanner-bench-open.XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		perror("mkstemp");
		return 1;
	}
	close(fd);
	long i;
	for (i = 0; i < a.count && !bench_expired(&a, i); i++) {
		fd = openat(AT_FDCWD, path, O_RDONLY);
		if (fd < 0) {
			perror("openat");
			break;
		}
		close(fd);
	}
	unlink(path);
	printf("ops=%ld\n", i);
	return 0;
}
