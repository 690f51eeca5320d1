/* Tests of rulelang/caps.c: capability sets printed as Falco prints thread.cap_*. */
#include <criterion/criterion.h>
#include <string.h>

#include "caps.h"

Test(caps, empty_set_is_empty_text)
{
	char b[16] = "x";
	cr_expect_eq(caps_render(0, b, sizeof(b)), 0);
	cr_expect_str_eq(b, "");
}

Test(caps, names_in_bit_order_separated_by_one_space)
{
	char b[256];
	uint64_t set = (1ull << 21) | (1ull << 0) | (1ull << 16); /* SYS_ADMIN, CHOWN, SYS_MODULE */
	size_t n = caps_render(set, b, sizeof(b));
	cr_expect_str_eq(b, "CAP_CHOWN CAP_SYS_MODULE CAP_SYS_ADMIN");
	cr_expect_eq(n, strlen(b));
}

Test(caps, last_named_bit_and_unnamed_bits)
{
	char b[64];
	caps_render((1ull << 40) | (1ull << 41) | (1ull << 63), b, sizeof(b));
	cr_expect_str_eq(b, "CAP_CHECKPOINT_RESTORE");
}

Test(caps, full_root_set_and_cut_buffer)
{
	char b[2048], small[12];
	size_t n = caps_render(0x1ffffffffffull, b, sizeof(b)); /* bits 0..40 */
	cr_expect(strncmp(b, "CAP_CHOWN CAP_DAC_OVERRIDE CAP_DAC_READ_SEARCH ", 47) == 0);
	cr_expect(strstr(b, " CAP_BPF CAP_CHECKPOINT_RESTORE") != NULL);
	cr_expect_eq(n, strlen(b));
	cr_expect_eq(caps_render(0x1ffffffffffull, small, sizeof(small)), n);
	cr_expect_str_eq(small, "CAP_CHOWN C"); /* cut, NUL-terminated */
	cr_expect_eq(caps_render(1, NULL, 0), strlen("CAP_CHOWN"));
}
