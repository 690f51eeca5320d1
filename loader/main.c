/* lanner: loads the kernel sensor and reports events (capture mode) or alerts (rules: issue 4). */
#include <stdio.h>
#include <string.h>

#include "capture.h"

static void usage(FILE *f)
{
	fprintf(f, "usage: lanner capture [-e evt.type,...] [-p PID] [-n COUNT] [-M SECONDS] "
		   "[--json]\n");
}

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "capture"))
		return capture_main(argc - 1, argv + 1);
	if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	fprintf(stderr, "lanner: rule mode (-r/-b) is not implemented yet\n");
	return 2;
}
