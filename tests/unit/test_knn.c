/*
 * test_knn.c - the cluster-pruned search against brute force.
 *
 * The search is exact, so the check is equality: same neighbours in the
 * same order (distance, then index) as sorting all n - 1 distances.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "embed/knn.h"
#include "base/rng.h"

struct pair {
	float	 d2;
	uint32_t i;
};

static int
pair_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;

	if (x->d2 != y->d2)
		return x->d2 < y->d2 ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static void
brute_force(const float *x, size_t n, size_t d, size_t k, uint32_t *idx,
    float *dist)
{
	struct pair *all = malloc(n * sizeof *all);

	for (size_t q = 0; q < n; q++) {
		size_t m = 0;

		for (size_t j = 0; j < n; j++)
			if (j != q)
				all[m++] = (struct pair){knn_dist2(x + q * d,
				    x + j * d, d), (uint32_t)j};
		qsort(all, m, sizeof *all, pair_cmp);
		for (size_t j = 0; j < k; j++) {
			idx[q * k + j] = all[j].i;
			dist[q * k + j] = sqrtf(all[j].d2);
		}
	}
	free(all);
}

/* Gaussian clusters with some exact duplicate rows. */
static float *
clustered(size_t n, size_t d, size_t clusters, double spread, uint64_t seed)
{
	float *x = malloc(n * d * sizeof *x);
	float *c = malloc(clusters * d * sizeof *c);
	struct rng r;

	rng_seed(&r, seed);
	for (size_t i = 0; i < clusters * d; i++)
		c[i] = (float)(10 * rng_normal(&r));
	for (size_t i = 0; i < n; i++) {
		size_t from = rng_below(&r, clusters);

		if (i > 0 && rng_below(&r, 10) == 0) {
			memcpy(x + i * d, x + rng_below(&r, i) * d,
			    d * sizeof *x);
			continue;
		}
		for (size_t j = 0; j < d; j++)
			x[i * d + j] = c[from * d + j] +
			    (float)(spread * rng_normal(&r));
	}
	free(c);
	return x;
}

static void
check_against_brute_force(size_t n, size_t d, size_t k, size_t clusters,
    double spread)
{
	float *x = clustered(n, d, clusters, spread, n + d);
	uint32_t *idx = malloc(n * k * sizeof *idx), *bidx = malloc(n * k *
	    sizeof *bidx), *idx2 = malloc(n * k * sizeof *idx2);
	float *dist = malloc(n * k * sizeof *dist), *bdist = malloc(n * k *
	    sizeof *bdist), *dist2 = malloc(n * k * sizeof *dist2);
	char err[128];
	size_t wrong = 0;

	assert_int_equal(knn_search(x, n, d, k, idx, dist, 2, err, sizeof err),
	    0);
	brute_force(x, n, d, k, bidx, bdist);
	for (size_t e = 0; e < n * k; e++)
		wrong += idx[e] != bidx[e] || dist[e] != bdist[e];
	if (wrong > 0)
		fail_msg("n=%zu d=%zu k=%zu: %zu of %zu neighbours differ from "
		    "brute force", n, d, k, wrong, n * k);
	assert_int_equal(knn_search(x, n, d, k, idx2, dist2, 1, err,
	    sizeof err), 0);
	assert_memory_equal(idx, idx2, n * k * sizeof *idx);
	assert_memory_equal(dist, dist2, n * k * sizeof *dist);
	free(x);
	free(idx);
	free(bidx);
	free(idx2);
	free(dist);
	free(bdist);
	free(dist2);
}

static void
test_small_random(void **state)
{
	(void)state;
	check_against_brute_force(300, 7, 10, 1, 1.0);
	check_against_brute_force(50, 3, 49, 2, 1.0);	/* k = n - 1 */
	check_against_brute_force(2, 5, 1, 1, 1.0);
}

static void
test_clustered_pca_sized(void **state)
{
	(void)state;
	/* The shape t-SNE asks for: 50 dimensions, k = 90. */
	check_against_brute_force(3000, 50, 90, 12, 2.0);
	/* Overlapping clusters: the bounds prune little. */
	check_against_brute_force(1500, 20, 30, 4, 15.0);
}

static void
test_identical_rows(void **state)
{
	enum { N = 40, D = 4, K = 5 };
	float x[N * D];
	uint32_t idx[N * K];
	float dist[N * K];
	char err[128];

	(void)state;
	for (int i = 0; i < N * D; i++)
		x[i] = 1.5f;
	assert_int_equal(knn_search(x, N, D, K, idx, dist, 0, err, sizeof err),
	    0);
	for (uint32_t q = 0; q < N; q++)
		for (uint32_t j = 0, want = 0; j < K; j++, want++) {
			if (want == q)
				want++;
			assert_int_equal(idx[q * K + j], want);
			assert_true(dist[q * K + j] == 0);
		}
}

static void
test_errors(void **state)
{
	float x[4] = {0, 1, 2, 3};
	uint32_t idx[4];
	float dist[4];
	char err[128] = "";

	(void)state;
	assert_int_equal(knn_search(x, 4, 1, 4, idx, dist, 0, err, sizeof err),
	    -1);
	assert_non_null(strstr(err, "4 neighbours asked of 4 points"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_small_random),
		cmocka_unit_test(test_clustered_pca_sized),
		cmocka_unit_test(test_identical_rows),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
