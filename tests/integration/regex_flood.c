/* regex_flood.c — load for regex_stall.test.sh: N failing openat()s of a long path crafted
 * against a backtracking engine (many 'a's, no final 'c'), then MARKER opened 25 times, 20 ms
 * apart (the ring may still be full right after the flood, and a marker lost there proves
 * nothing about delay: the test measures the first marker alert against its own event time).
 * Usage: regex_flood DIR N MARKER [forever]   ("forever": keep flooding after the markers) */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void flood(const char *path, long n)
{
	for (long i = 0; i < n; i++) {
		int fd = open(path, O_RDONLY);
		if (fd >= 0)
			close(fd);
	}
}

int main(int argc, char **argv)
{
	if (argc < 4)
		return 2;
	/* DIR/aaa…a/aaa…a… up to ~4000 bytes: components of 200 'a's (a name is at most 255) */
	static char path[4096];
	int len = snprintf(path, sizeof(path), "%s", argv[1]);
	while (len + 202 < 4000) {
		path[len++] = '/';
		memset(path + len, 'a', 200);
		len += 200;
	}
	path[len] = 0;
	flood(path, atol(argv[2]));
	for (int k = 0; k < 25 && strcmp(argv[3], "/dev/null") != 0; k++) {
		int fd = open(argv[3], O_RDONLY);
		if (fd >= 0)
			close(fd);
		usleep(20000);
	}
	if (argc > 4)
		for (;;)
			flood(path, 1000);
	return 0;
}
