/* lanner-gen: Falco rules → kernel filters + userspace residuals (stub until the front end lands). */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lanner-gen: not implemented yet\n");
	return 2;
}
