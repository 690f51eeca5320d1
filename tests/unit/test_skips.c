/* Tests of loader/events/skips.c (the runs the kernel skipped: base at attach, reloads keep the
 * total monotonic), the "lanner: kernel:" line that prints them (sensor_print_counters) and the
 * drop alerts that count them as losses (outputs/drop_alerts.c). */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "events/sensor.h"
#include "events/skips.h"
#include "outputs/drop_alerts.h"
#include "rules.h"

/* A stand-in for a program: a memory file holding its recursion_misses, so that the dup the
 * accounting keeps reads the same count as the fd the test writes. */
static int fake_prog(uint64_t misses)
{
	int fd = memfd_create("prog", MFD_CLOEXEC);
	cr_assert(fd >= 0);
	cr_assert_eq(pwrite(fd, &misses, sizeof(misses), 0), (ssize_t)sizeof(misses));
	return fd;
}

static void set_misses(int fd, uint64_t misses)
{
	cr_assert_eq(pwrite(fd, &misses, sizeof(misses), 0), (ssize_t)sizeof(misses));
}

static uint64_t read_fake(int fd)
{
	uint64_t v = 0;
	if (pread(fd, &v, sizeof(v), 0) != (ssize_t)sizeof(v))
		return 0;
	return v;
}

Test(skips, counted_from_attach)
{
	struct skips k;
	skips_init(&k, read_fake);
	int d = fake_prog(7); /* skips before the attach are not ours */
	cr_assert_eq(skips_watch(&k, d, SKIPS_LIFE), 0);
	cr_assert_eq(skips_total(&k), 0);
	set_misses(d, 10);
	cr_assert_eq(skips_total(&k), 3);
	skips_free(&k);
	close(d);
}

Test(skips, reloads_keep_the_total)
{
	struct skips k;
	skips_init(&k, read_fake);
	int d = fake_prog(0), e0 = fake_prog(0), e1 = fake_prog(4), e2 = fake_prog(0);
	skips_watch(&k, d, SKIPS_LIFE);
	skips_watch(&k, e0, 0);
	set_misses(d, 2);
	set_misses(e0, 5);
	cr_assert_eq(skips_total(&k), 7);
	/* reload to generation 1: its entry program attached, then generation 0's detached */
	skips_watch(&k, e1, 1);
	skips_detached(&k, 0);
	cr_assert_eq(skips_total(&k), 7);
	/* a run that entered generation 0's program before the detach still counts */
	set_misses(e0, 6);
	set_misses(e1, 5);
	cr_assert_eq(skips_total(&k), 9);
	/* reload to generation 2: generation 0's is folded in and closed, 1's detached */
	skips_watch(&k, e2, 2);
	skips_detached(&k, 1);
	cr_assert_eq(k.n, 3);
	cr_assert_eq(k.folded, 6);
	cr_assert_eq(skips_total(&k), 9);
	set_misses(e0, 100); /* no longer read */
	set_misses(e2, 1);
	cr_assert_eq(skips_total(&k), 10);
	/* a failed reload (generation 3 attached, then discarded): counted until folded */
	int e3 = fake_prog(0);
	skips_watch(&k, e3, 3);
	set_misses(e3, 2);
	skips_detached(&k, 3);
	cr_assert_eq(skips_total(&k), 12);
	skips_detached(&k, 3);
	cr_assert_eq(k.n, 2); /* d and e2 */
	cr_assert_eq(skips_total(&k), 12);
	skips_free(&k);
	close(d), close(e0), close(e1), close(e2), close(e3);
}

Test(skips, kernel_line)
{
	struct kernel_counts c = {.skipped_by_kernel = 2};
	c.c.seen = 9, c.c.drop_ring = 1;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	sensor_print_counters(&c, f);
	fclose(f);
	/* the new counter next to the other loss, the others' names and order unchanged */
	cr_assert(!strncmp(buf,
			   "lanner: kernel: events=9 sent=0 lost_ring_full=1 skipped_by_kernel=2 "
			   "strings_truncated=0 ",
			   strlen("lanner: kernel: events=9 sent=0 lost_ring_full=1 "
				  "skipped_by_kernel=2 strings_truncated=0 ")),
		  "%s", buf);
	free(buf);
}

Test(skips, drop_alert_fields)
{
	struct lanner_options o;
	options_init(&o);
	/* 120 lost: 20 skipped runs, 100 in the ring */
	char *t = drop_alert_text(1500000000123456789ULL, 900, 120, 20, NULL, 1.0, &o, "h");
	cr_assert(strstr(t, "120 system calls dropped in last second."), "%s", t);
	cr_assert(strstr(t, "n_drops=\"120\" "), "%s", t);
	cr_assert(strstr(t, "n_drops_buffer_total=\"100\" "), "%s", t);
	free(t);
}

Test(skips, drop_alerts_add_up_with_skips)
{
	struct cfg_drops cfg = {
		.actions = DROP_ACT_LOG, .threshold = 0.1, .rate = 1, .max_burst = 1};
	struct lanner_options o;
	options_init(&o);
	struct kernel_counts k = {0};
	struct drop_alerts d;
	drop_alerts_init(&d, &cfg, &o, &k, 100.0);
	uint64_t acted = 0;
	/* second 1: 5 runs skipped while 100 events were seen: 5 of 105, under the threshold */
	k.c.seen = 100, k.skipped_by_kernel = 5;
	cr_assert(drop_alerts_check(&d, &k, 101.0, 0, NULL));
	cr_assert_eq(d.actions, 0);
	cr_assert_eq(d.acc_drops, 5);
	cr_assert_eq(d.acc_skips, 5);
	cr_assert_eq(d.acc_evts, 105);
	/* second 2: 50 lost in the ring and 10 skipped of 110: acted on, with the carried 5 */
	k.c.seen = 200, k.c.drop_ring = 50, k.skipped_by_kernel = 15;
	acted += d.acc_drops + 60;
	cr_assert(drop_alerts_check(&d, &k, 102.0, 0, NULL));
	cr_assert_eq(d.actions, 1);
	cr_assert_eq(d.acc_drops, 0);
	cr_assert_eq(d.acc_skips, 0);
	/* skips alone raise an alert: 30 of 40 */
	k.c.seen = 210, k.skipped_by_kernel = 45;
	acted += 30;
	cr_assert(drop_alerts_check(&d, &k, 104.0, 0, NULL));
	cr_assert_eq(d.actions, 2);
	/* the last check acts on what is left, under the threshold or not */
	k.c.seen = 10210, k.skipped_by_kernel = 46;
	acted += 1;
	d.next_check = 0;
	d.final = true;
	cr_assert(drop_alerts_check(&d, &k, 104.5, 0, NULL));
	cr_assert_eq(d.actions, 3);
	/* every loss alerted: the alerts add up to lost_ring_full + skipped_by_kernel */
	cr_assert_eq(acted, k.c.drop_ring + k.skipped_by_kernel);
	cr_assert_eq(d.acc_drops, 0);
}
