/*
 * test_eta.c - the time left follows the stage's recent pace when it
 * slows, and is never more hopeful than the pace since the start.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>

#include "base/eta.h"

/* A steady stage: both paces agree, and the estimate is exact. */
static void
test_steady(void **state)
{
	struct eta e;
	double left = -1;

	(void)state;
	eta_start(&e, 100);
	assert_true(eta_left(&e, 100.1, 0.001) < 0);	/* too little done */
	for (int s = 1; s <= 50; s++)
		left = eta_left(&e, 100 + s, s / 100.0);
	assert_true(fabs(left - 50) < 1e-9);
	assert_true(eta_left(&e, 160, 1) == 0);
}

/*
 * A stage that slows: 1% a second for 40 s, then 0.25% a second.  At
 * 50 s, 42.5% done, the pace since the start says 68 s left; the recent
 * stretch (12.5 s, most of it at the slow pace) says about 150 s; the
 * truth is 230 s.
 */
static void
test_slowing(void **state)
{
	struct eta e;
	double f = 0, left = -1;

	(void)state;
	eta_start(&e, 0);
	for (int s = 1; s <= 80; s++) {
		f += s <= 40 ? 0.01 : 0.0025;
		left = eta_left(&e, s, f);
		if (s == 50) {
			assert_true(left > 68 * 1.5);
			assert_true(left <= 0.575 / 0.0025 + 1e-9);
		}
	}
	/* Long past the change, the recent pace rules alone. */
	assert_true(fabs(left - (1 - f) / 0.0025) < 1e-6);
}

/* A stage that speeds up: the pace since the start, slower, stays. */
static void
test_speeding(void **state)
{
	struct eta e;
	double f = 0, left = -1;

	(void)state;
	eta_start(&e, 0);
	for (int s = 1; s <= 60; s++) {
		f += s <= 30 ? 0.005 : 0.01;
		left = eta_left(&e, s, f);
	}
	assert_true(fabs(left - 60 * (1 - f) / f) < 1e-9);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steady),
		cmocka_unit_test(test_slowing),
		cmocka_unit_test(test_speeding),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
