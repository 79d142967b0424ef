/*
 * test_ann.c - the approximate neighbour search against the exact one:
 * recall, the form of the answer, and the same answer at any number of
 * threads.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/rng.h"
#include "embed/ann.h"
#include "embed/knn.h"

/*
 * n points in d dimensions around c centres (spread 1, centres 3 apart
 * per axis), like PCA'd flow features: clusters, with a share of exact
 * duplicates (computers whose profiles are the same).
 */
static float *
points(size_t n, size_t d, size_t c, double dup, uint64_t seed)
{
	float *x = malloc(n * d * sizeof *x), *cent = malloc(c * d *
	    sizeof *cent);
	struct rng r;

	rng_seed(&r, seed);
	for (size_t i = 0; i < c * d; i++)
		cent[i] = (float)(3 * rng_normal(&r));
	for (size_t i = 0; i < n; i++) {
		const float *ce = cent + (rng_below(&r, c)) * d;

		if (i > 0 && rng_uniform(&r) < dup) {
			memcpy(x + i * d, x + rng_below(&r, i) * d, d *
			    sizeof *x);
			continue;
		}
		for (size_t j = 0; j < d; j++)
			x[i * d + j] = ce[j] + (float)rng_normal(&r);
	}
	free(cent);
	return x;
}

/* Share of the exact neighbours found, and the form of every row. */
static double
recall(const float *x, size_t n, size_t d, size_t k, const uint32_t *ia,
    const float *da)
{
	uint32_t *ie = malloc(n * k * sizeof *ie), *mark = calloc(n,
	    sizeof *mark);
	float *de = malloc(n * k * sizeof *de);
	size_t found = 0;
	char err[128];

	assert_int_equal(knn_search(x, n, d, k, ie, de, 2, err, sizeof err),
	    0);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < k; j++)
			mark[ie[i * k + j]] = (uint32_t)i + 1;
		for (size_t j = 0; j < k; j++) {
			uint32_t a = ia[i * k + j];

			found += mark[a] == (uint32_t)i + 1;
			assert_true(a < n && a != i);
			/* knn_dist2's distance, nearest first, ties by
			 * index, no repeats. */
			assert_true(da[i * k + j] == sqrtf(knn_dist2(x + i * d,
			    x + (size_t)a * d, d)));
			if (j > 0) {
				uint32_t b = ia[i * k + j - 1];
				float db = knn_dist2(x + i * d, x + (size_t)b *
				    d, d), dc = knn_dist2(x + i * d, x +
				    (size_t)a * d, d);

				assert_true(db < dc || (db == dc && b < a));
			}
		}
		/* A row whose neighbours are all found is the exact row. */
		if (memcmp(ia + i * k, ie + i * k, k * sizeof *ia) != 0) {
			size_t same = 0;

			for (size_t j = 0; j < k; j++)
				same += mark[ia[i * k + j]] == (uint32_t)i + 1;
			assert_true(same < k);
		}
	}
	free(ie);
	free(de);
	free(mark);
	return (double)found / (double)(n * k);
}

static void
test_recall(void **state)
{
	enum { N = 6000, D = 20, K = 90 };
	float *x = points(N, D, 30, 0.05, 1), *da = malloc(N * K *
	    sizeof *da);
	uint32_t *ia = malloc(N * K * sizeof *ia);
	char err[128];
	double r;

	(void)state;
	assert_int_equal(ann_search(x, N, D, K, ia, da, 1, 2, NULL, NULL, err,
	    sizeof err), 0);
	r = recall(x, N, D, K, ia, da);
	print_message("recall %.4f\n", r);
	if (r < 0.99)
		fail_msg("recall %.4f < 0.99", r);
	free(x);
	free(da);
	free(ia);
}

static void
test_threads_and_seed(void **state)
{
	enum { N = 3000, D = 12, K = 30 };
	float *x = points(N, D, 10, 0.1, 2);
	float *d1 = malloc(N * K * sizeof *d1), *d2 = malloc(N * K *
	    sizeof *d2);
	uint32_t *i1 = malloc(N * K * sizeof *i1), *i2 = malloc(N * K *
	    sizeof *i2);
	char err[128];

	(void)state;
	assert_int_equal(ann_search(x, N, D, K, i1, d1, 7, 1, NULL, NULL, err,
	    sizeof err), 0);
	for (int t = 2; t <= 3; t++) {
		assert_int_equal(ann_search(x, N, D, K, i2, d2, 7, t, NULL,
		    NULL, err, sizeof err), 0);
		assert_memory_equal(i1, i2, N * K * sizeof *i1);
		assert_memory_equal(d1, d2, N * K * sizeof *d1);
	}
	/* Another seed, other trees: the answer may differ, but no less
	 * well formed. */
	assert_int_equal(ann_search(x, N, D, K, i2, d2, 8, 2, NULL, NULL, err,
	    sizeof err), 0);
	assert_true(recall(x, N, D, K, i2, d2) > 0.98);
	free(x);
	free(d1);
	free(d2);
	free(i1);
	free(i2);
}

/* Fewer points than a leaf holds: one leaf, the exact answer. */
static void
test_small_and_errors(void **state)
{
	enum { N = 40, D = 3, K = 5 };
	float *x = points(N, D, 2, 0.2, 3), de[N * K], da[N * K];
	uint32_t ie[N * K], ia[N * K];
	char err[128];

	(void)state;
	assert_int_equal(ann_search(x, N, D, K, ia, da, 1, 2, NULL, NULL, err,
	    sizeof err), 0);
	assert_int_equal(knn_search(x, N, D, K, ie, de, 2, err, sizeof err),
	    0);
	assert_memory_equal(ia, ie, sizeof ia);
	assert_memory_equal(da, de, sizeof da);
	assert_int_equal(ann_search(x, N, D, N, ia, da, 1, 2, NULL, NULL, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "neighbours"));
	free(x);
}

static int
cancel_at_once(void *ctx, double fraction)
{
	(void)ctx;
	(void)fraction;
	return 1;
}

static void
test_cancel(void **state)
{
	enum { N = 2000, D = 8, K = 20 };
	float *x = points(N, D, 4, 0, 4), *da = malloc(N * K * sizeof *da);
	uint32_t *ia = malloc(N * K * sizeof *ia);
	char err[128];

	(void)state;
	assert_int_equal(ann_search(x, N, D, K, ia, da, 1, 2, cancel_at_once,
	    NULL, err, sizeof err), 1);
	free(x);
	free(da);
	free(ia);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recall),
		cmocka_unit_test(test_threads_and_seed),
		cmocka_unit_test(test_small_and_errors),
		cmocka_unit_test(test_cancel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
