/* lanner: loads the kernel sensor and reports events (capture mode) or alerts (rule mode). */
#include <stdio.h>
#include <string.h>

#include "capture.h"
#include "rules_mode.h"

int main(int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "capture"))
		return capture_main(argc - 1, argv + 1);
	return rules_main(argc, argv);
}
