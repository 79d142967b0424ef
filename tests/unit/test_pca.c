/*
 * test_pca.c - the eigen solver and the projection against brute force;
 * the sparse rows' PCA against the dense one, bit for bit.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "embed/pca.h"
#include "base/rng.h"

/* Random symmetric matrix: check A v = w v, orthonormal rows, order, sign. */
static void
test_symmetric_eigen(void **state)
{
	enum { D = 37 };
	static double a[D * D], v[D * D], w[D];
	struct rng r;

	(void)state;
	rng_seed(&r, 7);
	for (int i = 0; i < D; i++)
		for (int j = 0; j <= i; j++)
			a[i * D + j] = a[j * D + i] = rng_normal(&r);
	memcpy(v, a, sizeof a);
	pca_symmetric_eigen(v, D, w);
	for (int c = 0; c < D; c++) {
		double big = 0;

		if (c > 0)
			assert_true(w[c - 1] >= w[c]);
		for (int i = 0; i < D; i++) {
			double av = 0;

			for (int j = 0; j < D; j++)
				av += a[i * D + j] * v[c * D + j];
			assert_true(fabs(av - w[c] * v[c * D + i]) < 1e-10);
			if (fabs(v[c * D + i]) > fabs(big))
				big = v[c * D + i];
		}
		assert_true(big > 0);	/* sign convention */
		for (int e = 0; e < D; e++) {
			double dot = 0;

			for (int i = 0; i < D; i++)
				dot += v[c * D + i] * v[e * D + i];
			assert_true(fabs(dot - (c == e)) < 1e-12);
		}
	}
}

/* n x d data with decreasing spread along random directions, offset. */
static float *
correlated(size_t n, size_t d, uint64_t seed)
{
	float *x = malloc(n * d * sizeof *x);
	double *mix = malloc(d * d * sizeof *mix);
	struct rng r;

	rng_seed(&r, seed);
	for (size_t i = 0; i < d * d; i++)
		mix[i] = rng_normal(&r);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < d; j++)
			x[i * d + j] = 3.0f + (j == 2 ? 0 : 0.25f);
		for (size_t f = 0; f < d; f++) {
			double z = rng_normal(&r) * 4.0 / (1.0 + (double)f);

			for (size_t j = 0; j < d; j++)
				x[i * d + j] += (float)(z * mix[f * d + j]);
		}
		if (i % 3 == 0)
			x[i * d + 1] = 0;	/* zeros take the sparse path */
	}
	free(mix);
	return x;
}

static void
test_project_brute_force(void **state)
{
	enum { N = 301, D = 13, K = 5 };
	float *x = correlated(N, D, 11), out[N * K], out2[N * K];
	double comp[K * D], var[K], mean[D] = {0}, cov[D * D] = {0};

	(void)state;
	assert_int_equal(pca_project(x, N, D, K, out, comp, var, 1, NULL,
	    NULL), 0);
	/* Brute force: centred covariance in double, the plain way. */
	for (int i = 0; i < N; i++)
		for (int j = 0; j < D; j++)
			mean[j] += x[i * D + j] / (double)N;
	for (int i = 0; i < N; i++)
		for (int a = 0; a < D; a++)
			for (int b = 0; b < D; b++)
				cov[a * D + b] += (x[i * D + a] - mean[a]) *
				    (x[i * D + b] - mean[b]) / (N - 1);
	for (int c = 0; c < K; c++) {
		double pv = 0, pm = 0;

		if (c > 0)
			assert_true(var[c - 1] >= var[c]);
		/* An eigenvector of the brute-force covariance. */
		for (int a = 0; a < D; a++) {
			double cv = 0;

			for (int b = 0; b < D; b++)
				cv += cov[a * D + b] * comp[c * D + b];
			assert_true(fabs(cv - var[c] * comp[c * D + a]) <
			    1e-8 * var[0]);
		}
		for (int e = 0; e < K; e++) {
			double dot = 0;

			for (int a = 0; a < D; a++)
				dot += comp[c * D + a] * comp[e * D + a];
			assert_true(fabs(dot - (c == e)) < 1e-10);
		}
		/* Projections: (x - mean) . v, zero mean, variance var[c]. */
		for (int i = 0; i < N; i++) {
			double p = 0;

			for (int a = 0; a < D; a++)
				p += (x[i * D + a] - mean[a]) * comp[c * D + a];
			assert_true(fabs(p - out[i * K + c]) < 1e-4 *
			    (1 + fabs(p)));
			pm += out[i * K + c] / (double)N;
			pv += (double)out[i * K + c] * out[i * K + c] / (N - 1);
		}
		assert_true(fabs(pm) < 1e-4 * sqrt(var[0]));
		assert_true(fabs(pv - var[c]) < 1e-4 * var[0]);
	}
	/* The leading variance is the largest over many random directions. */
	for (int t = 0; t < 200; t++) {
		struct rng r;
		double u[D], norm = 0, v = 0;

		rng_seed(&r, 100 + (uint64_t)t);
		for (int a = 0; a < D; a++) {
			u[a] = rng_normal(&r);
			norm += u[a] * u[a];
		}
		for (int a = 0; a < D; a++)
			for (int b = 0; b < D; b++)
				v += u[a] * cov[a * D + b] * u[b] / norm;
		assert_true(v <= var[0] * (1 + 1e-9));
	}
	/* Threads do not change a bit. */
	assert_int_equal(pca_project(x, N, D, K, out2, NULL, NULL, 2, NULL,
	    NULL), 0);
	assert_memory_equal(out, out2, sizeof out);
	free(x);
}

static void
test_points_on_a_line(void **state)
{
	enum { N = 40, D = 3 };
	float x[N * D], out[N * 2];
	double comp[2 * D], var[2];

	(void)state;
	for (int i = 0; i < N; i++) {
		x[i * D + 0] = 1 + 2.0f * i;
		x[i * D + 1] = 5;		/* a constant column */
		x[i * D + 2] = -1.0f * i;
	}
	assert_int_equal(pca_project(x, N, D, 2, out, comp, var, 0, NULL,
	    NULL), 0);
	assert_true(fabs(comp[0] - 2 / sqrt(5)) < 1e-9);
	assert_true(fabs(comp[1]) < 1e-9);
	assert_true(fabs(comp[2] + 1 / sqrt(5)) < 1e-9);
	assert_true(var[1] < 1e-9 * var[0]);
	for (int i = 0; i < N; i++) {
		assert_true(isfinite(out[i * 2]) && isfinite(out[i * 2 + 1]));
		assert_true(fabs(out[i * 2] - sqrt(5) * (i - (N - 1) / 2.0)) <
		    1e-3);
	}
}

static void
test_degenerate(void **state)
{
	enum { N = 9, D = 6 };
	float x[N * D], out[N * 3];

	(void)state;
	for (int i = 0; i < N * D; i++)
		x[i] = 0.125f;		/* identical rows */
	assert_int_equal(pca_project(x, N, D, 3, out, NULL, NULL, 0, NULL,
	    NULL), 0);
	for (int i = 0; i < N * 3; i++)
		assert_true(fabs(out[i]) < 1e-6);
	assert_int_equal(pca_project(x, 1, D, 3, out, NULL, NULL, 0, NULL,
	    NULL), 0);
	for (int i = 0; i < 3; i++)
		assert_true(isfinite(out[i]));
}

/*
 * Rows like flowmap's features (a few non-zeros each, distributions over
 * groups of columns, some columns never used), stored both ways: the
 * sparse PCA must give the dense one's bits, at any thread count.  n is
 * neither a multiple of 4 (a group of rows) nor of 512 (a chunk).
 */
static void
test_sparse_same_bits(void **state)
{
	enum { N = 1301, D = 90, K = 7 };
	float *x = calloc(N * D, sizeof *x), *a = malloc(N * K * sizeof *a),
	    *b = malloc(N * K * sizeof *b);
	double ca[K * D], cb[K * D], va[K], vb[K];
	struct sparse_rows s;
	struct rng r;

	(void)state;
	rng_seed(&r, 11);
	for (int i = 0; i < N; i++) {
		int role = i % 5, used = 1 + (int)(rng_uniform(&r) * 6);

		for (int u = 0; u < used; u++) {
			int c = (role * 13 + (int)(rng_uniform(&r) * 20)) % 80;

			x[i * D + c] += (float)(0.05 + rng_uniform(&r));
		}
		if (i % 7 == 0)
			x[i * D + 85] = -0.5f;	/* a negative value too */
	}
	sparse_rows_from_dense(&s, x, N, D);
	assert_true(s.start[N] < (size_t)N * D / 4);
	assert_int_equal(pca_project(x, N, D, K, a, ca, va, 1, NULL, NULL), 0);
	for (int threads = 1; threads <= 3; threads++) {
		memset(b, 0, N * K * sizeof *b);
		assert_int_equal(pca_project_sparse(&s, K, b, cb, vb, threads,
		    NULL, NULL), 0);
		assert_memory_equal(a, b, N * K * sizeof *a);
		assert_memory_equal(ca, cb, sizeof ca);
		assert_memory_equal(va, vb, sizeof va);
	}
	/* And the other way: a changed value changes the result. */
	s.val[s.start[N / 2]] *= 2;
	assert_int_equal(pca_project_sparse(&s, K, b, NULL, NULL, 2, NULL,
	    NULL), 0);
	assert_true(memcmp(a, b, N * K * sizeof *a) != 0);
	sparse_rows_free(&s);
	free(x);
	free(a);
	free(b);
}

static int
cancel_now(void *ctx, double fraction)
{
	(void)fraction;
	++*(int *)ctx;
	return 1;
}

static void
test_cancel(void **state)
{
	float *x = correlated(50, 4, 3), out[50 * 2];
	int calls = 0;

	(void)state;
	assert_int_equal(pca_project(x, 50, 4, 2, out, NULL, NULL, 0,
	    cancel_now, &calls), 1);
	assert_int_equal(calls, 1);
	{
		struct sparse_rows s;

		sparse_rows_from_dense(&s, x, 50, 4);
		assert_int_equal(pca_project_sparse(&s, 2, out, NULL, NULL, 0,
		    cancel_now, &calls), 1);
		assert_int_equal(calls, 2);
		sparse_rows_free(&s);
	}
	free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_symmetric_eigen),
		cmocka_unit_test(test_project_brute_force),
		cmocka_unit_test(test_points_on_a_line),
		cmocka_unit_test(test_degenerate),
		cmocka_unit_test(test_sparse_same_bits),
		cmocka_unit_test(test_cancel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
