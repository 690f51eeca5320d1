/* lanner: loads compiled rules into the kernel and reports alerts (stub until the sensor lands). */
#include <stdio.h>

int main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "lanner: not implemented yet\n");
	return 2;
}
