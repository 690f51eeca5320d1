/* reaper.c — a child subreaper for reparent.test.sh: makes itself PR_SET_CHILD_SUBREAPER, waits
 * for a line on stdin, then runs its arguments as a child and reaps every descendant orphaned to
 * it until none is left. */
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc < 2 || prctl(PR_SET_CHILD_SUBREAPER, 1) != 0)
		return 2;
	char line[16];
	if (!fgets(line, sizeof(line), stdin))
		return 2;
	pid_t c = fork();
	if (c == 0) {
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	while (wait(NULL) > 0)
		;
	return 0;
}
