/* fork_exec — COUNT × fork + execve("/bin/true") + waitpid.
 * The child gets an empty environment; with ENV_BYTES, a synthetic one of that many bytes (the
 * strings with their NULs, as the new image holds them): variables LANNER_BENCH_VAR_NN=<filler>,
 * one per ≈ 38 bytes (1400: 37, about a shell's), the same bytes on every run. It is built here,
 * never taken from the caller, so that a run measures the same exec wherever it is started, and
 * it names no variable a rule looks for (GLIBC_TUNABLES, LD_PRELOAD…): a rule scanning the
 * environment pays for the bytes it reads, not for a match. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common.h"

#define ENV_VAR_BYTES 38     /* a shell's environment: ≈ 1.4 KB in ≈ 37 variables */
#define ENV_MIN_BYTES 22     /* "LANNER_BENCH_VAR_NN=", one filler byte, the NUL */
#define ENV_MAX_BYTES 131072 /* below MAX_ARG_STRLEN even as one variable */

/* The synthetic environment of `bytes` bytes: n variables of bytes / n bytes each (the first
 * bytes % n one more), their values lower-case letters and digits in a fixed cycle, shifted per
 * variable so that no two are the same string. */
static char **synthetic_env(long bytes, long *nvars)
{
	static const char filler[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	long n = (bytes + ENV_VAR_BYTES / 2) / ENV_VAR_BYTES;
	if (n < 1)
		n = 1;
	if (n > 99) /* two digits of a name */
		n = 99;
	char **env = calloc((size_t)n + 1, sizeof *env);
	if (!env)
		return NULL;
	for (long i = 0; i < n; i++) {
		long len = bytes / n + (i < bytes % n) - 1; /* without its NUL */
		char *s = malloc((size_t)len + 1);
		if (!s)
			return NULL;
		int k = snprintf(s, (size_t)len + 1, "LANNER_BENCH_VAR_%02ld=", i);
		for (long j = k; j < len; j++)
			s[j] = filler[(i * 7 + j) % (long)(sizeof filler - 1)];
		s[len] = '\0';
		env[i] = s;
	}
	*nvars = n;
	return env;
}

int main(int argc, char **argv)
{
	struct bench_args a = bench_parse(argc, argv, " [ENV_BYTES]");
	char *args[] = {"/bin/true", NULL};
	char *empty[] = {NULL};
	char **envp = empty;
	long env_bytes = 0, env_vars = 0;
	if (argc >= 4) {
		env_bytes = strtol(argv[3], NULL, 10);
		if (env_bytes < ENV_MIN_BYTES || env_bytes > ENV_MAX_BYTES) {
			fprintf(stderr, "fork_exec: ENV_BYTES from %d to %d\n", ENV_MIN_BYTES,
				ENV_MAX_BYTES);
			return 2;
		}
		envp = synthetic_env(env_bytes, &env_vars);
		if (!envp) {
			perror("fork_exec: environment");
			return 1;
		}
	}
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
	if (env_vars > 0)
		printf("ops=%ld env_vars=%ld env_bytes=%ld\n", i, env_vars, env_bytes);
	else
		printf("ops=%ld\n", i);
	return 0;
}
