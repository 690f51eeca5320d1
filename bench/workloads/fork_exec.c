/* fork_exec — COUNT × fork + execve("/bin/true") + waitpid. */
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv, "");
	char *args[] = {"/bin/true", NULL};
	char *envp[] = {NULL};
	long i;
	for (i = 0; i < a.count && !bench_expired(&a, i); i++) {
		pid_t p = fork();
		if (p < 0) {
			perror("fork");
			break;
		}
		if (p == 0) {
			execve("/bin/true", args, envp);
			_exit(127);
		}
		int st;
		if (waitpid(p, &st, 0) < 0 || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "fork_exec: child failed\n");
			break;
		}
	}
	printf("ops=%ld\n", i);
	return 0;
}
