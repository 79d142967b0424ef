/*
 * test_tsne.c - the t-SNE stages against brute force, and the pipeline on
 * maps whose right answer is known.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "embed/knn.h"
#include "base/rng.h"
#include "embed/sptree.h"
#include "embed/embed.h"
#include "embed/fftrep.h"
#include "embed/tsne.h"

/* c Gaussian clusters of m points in d dimensions; labels out. */
static float *
clusters(size_t c, size_t m, size_t d, double sep, uint64_t seed, int *label)
{
	float *x = malloc(c * m * d * sizeof *x);
	struct rng r;

	rng_seed(&r, seed);
	for (size_t k = 0; k < c; k++) {
		double centre[64];

		for (size_t j = 0; j < d; j++)
			centre[j] = sep * rng_normal(&r);
		for (size_t i = 0; i < m; i++) {
			size_t row = i * c + k;	/* interleaved labels */

			label[row] = (int)k;
			for (size_t j = 0; j < d; j++)
				x[row * d + j] = (float)(centre[j] +
				    rng_normal(&r));
		}
	}
	return x;
}

static void
test_bandwidth_entropy(void **state)
{
	enum { K = 90 };
	float dist[K];
	double p[K];
	struct rng r;
	double perps[] = {2, 5, 30, 80};

	(void)state;
	rng_seed(&r, 5);
	for (int trial = 0; trial < 4; trial++) {
		double scale = trial == 3 ? 1e3 : trial == 2 ? 1e-3 : 1;

		for (int j = 0; j < K; j++)
			dist[j] = (float)(scale * (0.5 + rng_uniform(&r)));
		for (int t = 0; t < 4; t++) {
			double h = 0, sum = 0;

			tsne_bandwidth(dist, K, perps[t], p);
			for (int j = 0; j < K; j++) {
				sum += p[j];
				if (p[j] > 0)
					h -= p[j] * log(p[j]);
			}
			assert_true(fabs(sum - 1) < 1e-12);
			if (fabs(h - log(perps[t])) > 1e-5)
				fail_msg("perplexity %g, scale %g: entropy %.8f, "
				    "want %.8f", perps[t], scale, h,
				    log(perps[t]));
		}
	}
	/* Equal distances: uniform, whatever the target. */
	for (int j = 0; j < K; j++)
		dist[j] = 2;
	tsne_bandwidth(dist, K, 30, p);
	for (int j = 0; j < K; j++)
		assert_true(fabs(p[j] - 1.0 / K) < 1e-12);
}

static void
test_symmetrise_brute_force(void **state)
{
	enum { N = 60, D = 3, K = 7 };
	float x[N * D], dist[N * K], pc[N * K];
	uint32_t idx[N * K];
	double dense[N][N] = {{0}}, sum = 0;
	struct tsne_csr P;
	struct rng r;
	char err[64];

	(void)state;
	rng_seed(&r, 9);
	for (int i = 0; i < N * D; i++)
		x[i] = (float)rng_normal(&r);
	assert_int_equal(knn_search(x, N, D, K, idx, dist, 0, err, sizeof err),
	    0);
	tsne_conditional(dist, N, K, 2.0, pc, 2);
	for (int i = 0; i < N; i++)
		for (int m = 0; m < K; m++) {
			dense[i][idx[i * K + m]] += pc[i * K + m] / (2.0 * N);
			dense[idx[i * K + m]][i] += pc[i * K + m] / (2.0 * N);
		}
	tsne_symmetrise(idx, pc, N, K, &P, 2);
	for (int i = 0; i < N; i++) {
		int seen = 0;

		for (size_t e = P.row[i]; e < P.row[i + 1]; e++) {
			if (e > P.row[i])
				assert_true(P.col[e] > P.col[e - 1]);
			assert_true(P.col[e] != (uint32_t)i);
			assert_true(fabs(P.val[e] - dense[i][P.col[e]]) < 1e-7);
			sum += P.val[e];
		}
		for (int j = 0; j < N; j++)
			seen += dense[i][j] > 0;
		assert_int_equal(seen, (int)(P.row[i + 1] - P.row[i]));
	}
	assert_true(fabs(sum - 1) < 1e-6);
	tsne_csr_free(&P);
}

/* A P from the kNN of random points, and a spread-out random map. */
static void
problem(size_t n, struct tsne_csr *P, double *y, double spread, uint64_t seed)
{
	enum { D = 5, K = 15 };
	float *x = malloc(n * D * sizeof *x), *dist = malloc(n * K *
	    sizeof *dist), *pc = malloc(n * K * sizeof *pc);
	uint32_t *idx = malloc(n * K * sizeof *idx);
	struct rng r;
	char err[64];

	rng_seed(&r, seed);
	for (size_t i = 0; i < n * D; i++)
		x[i] = (float)rng_normal(&r);
	for (size_t i = 0; i < 2 * n; i++)
		y[i] = spread * rng_normal(&r);
	assert_int_equal(knn_search(x, n, D, K, idx, dist, 0, err, sizeof err),
	    0);
	tsne_conditional(dist, n, K, 5.0, pc, 0);
	tsne_symmetrise(idx, pc, n, K, P, 0);
	free(x);
	free(dist);
	free(pc);
	free(idx);
}

/* The exact gradient is the derivative of KL: central differences. */
static void
test_exact_gradient_is_derivative(void **state)
{
	enum { N = 40 };
	double y[2 * N], g[2 * N];
	struct tsne_csr P;

	(void)state;
	problem(N, &P, y, 2.0, 3);
	tsne_gradient_exact(&P, y, 1, g, 1);
	for (int c = 0; c < 2 * N; c += 7) {
		double h = 1e-5, save = y[c], up, down, num;

		y[c] = save + h;
		up = tsne_kl(&P, y, tsne_z(y, N, 0, NULL, 1), 1);
		y[c] = save - h;
		down = tsne_kl(&P, y, tsne_z(y, N, 0, NULL, 1), 1);
		y[c] = save;
		num = (up - down) / (2 * h);
		/* eq. 5 carries a factor 4 that the gradient leaves out. */
		if (fabs(num - 4 * g[c]) > 1e-6 + 1e-4 * fabs(num))
			fail_msg("coordinate %d: numeric %.9g, analytic %.9g",
			    c, num, 4 * g[c]);
	}
	tsne_csr_free(&P);
}

static double
rel_error(const double *a, const double *b, size_t m)
{
	double num = 0, den = 0;

	for (size_t i = 0; i < m; i++) {
		num += (a[i] - b[i]) * (a[i] - b[i]);
		den += b[i] * b[i];
	}
	return sqrt(num / den);
}

static void
test_bh_gradient_vs_exact(void **state)
{
	enum { N = 800 };
	double *y = malloc(2 * N * sizeof *y), *ge = malloc(2 * N *
	    sizeof *ge), *gb = malloc(2 * N * sizeof *gb), ze, zb;
	struct tsne_csr P;
	struct sptree t;

	(void)state;
	problem(N, &P, y, 10.0, 4);
	sptree_init(&t);
	ze = tsne_gradient_exact(&P, y, 12, ge, 2);
	zb = tsne_gradient_bh(&P, y, 12, 0.5, &t, gb, 2);
	/* Monopoles underestimate Z a little (measured 1.6%). */
	assert_true(fabs(zb - ze) < 3e-2 * ze);
	assert_true(rel_error(gb, ge, 2 * N) < 5e-2);
	assert_true(rel_error(gb, ge, 2 * N) > 1e-10);	/* not exact */
	zb = tsne_gradient_bh(&P, y, 12, 0.02, &t, gb, 2);
	assert_true(fabs(zb - ze) < 1e-5 * ze);
	assert_true(rel_error(gb, ge, 2 * N) < 1e-4);
	sptree_free(&t);
	tsne_csr_free(&P);
	free(y);
	free(ge);
	free(gb);
}

/* Agreement of each point's label with its 10 nearest in the map. */
static double
label_agreement(const double *y, const int *label, size_t n)
{
	size_t agree = 0;

	for (size_t i = 0; i < n; i++) {
		double best[10];
		int lab[10];

		for (int b = 0; b < 10; b++)
			best[b] = INFINITY;
		for (size_t j = 0; j < n; j++) {
			double d = hypot(y[2 * i] - y[2 * j], y[2 * i + 1] -
			    y[2 * j + 1]);
			int b = 9;

			if (j == i || d >= best[9])
				continue;
			while (b > 0 && best[b - 1] > d) {
				best[b] = best[b - 1];
				lab[b] = lab[b - 1];
				b--;
			}
			best[b] = d;
			lab[b] = label[j];
		}
		for (int b = 0; b < 10; b++)
			agree += lab[b] == label[i];
	}
	return (double)agree / (10.0 * n);
}

static void
test_clusters_stay_apart(void **state)
{
	enum { C = 5, M = 60, D = 20, N = C * M };
	int label[N];
	float *x = clusters(C, M, D, 4.0, 21, label);
	double y[2 * N], kl = -1, agree;
	struct embed_options o;
	char err[128];

	(void)state;
	embed_options_default(&o);
	assert_int_equal(embed_rows(x, N, D, &o, NULL, y, &kl, NULL, 0, err, sizeof err),
	    0);
	agree = label_agreement(y, label, N);
	if (agree < 0.95)
		fail_msg("10-NN label agreement %.3f < 0.95", agree);
	assert_true(kl > 0 && kl < 2);
	/* The same data with the labels shuffled agrees by chance only. */
	for (int i = 0; i < N; i++)
		label[i] = (i / C) % C;
	assert_true(label_agreement(y, label, N) < 0.5);
	free(x);
}

/* The same map at 1 and 2 threads, for each method and neighbour search;
 * the seed matters to the random start. */
static void
test_threads_bitwise(void **state)
{
	enum { C = 4, M = 100, D = 60, N = C * M };
	int label[N];
	float *x = clusters(C, M, D, 3.0, 8, label);
	double *y1 = malloc(2 * N * sizeof *y1), *y2 = malloc(2 * N *
	    sizeof *y2), kl1, kl2;
	static const enum embed_method methods[] = { EMBED_METHOD_BH,
	    EMBED_METHOD_FFT, EMBED_METHOD_AUTO };
	struct embed_options o;
	char err[128];

	(void)state;
	for (int m = 0; m < 3; m++) {
		if (methods[m] == EMBED_METHOD_FFT && !fftrep_available())
			continue;
		embed_options_default(&o);	/* d = 60 > 50: PCA on */
		o.iterations = 400;
		o.method = methods[m];
		o.neighbours = m == 2 ? EMBED_KNN_APPROX : EMBED_KNN_EXACT;
		o.threads = 1;
		assert_int_equal(embed_rows(x, N, D, &o, NULL, y1, &kl1, NULL,
		    0, err, sizeof err), 0);
		o.threads = 2;
		assert_int_equal(embed_rows(x, N, D, &o, NULL, y2, &kl2, NULL,
		    0, err, sizeof err), 0);
		assert_memory_equal(y1, y2, 2 * N * sizeof *y1);
		assert_true(kl1 == kl2);
		assert_true(label_agreement(y1, label, N) > 0.95);
	}
	embed_options_default(&o);
	o.iterations = 400;
	o.init = EMBED_INIT_RANDOM;
	assert_int_equal(embed_rows(x, N, D, &o, NULL, y1, &kl1, NULL, 0, err,
	    sizeof err), 0);
	o.seed = 2;
	assert_int_equal(embed_rows(x, N, D, &o, NULL, y2, &kl2, NULL, 0, err,
	    sizeof err), 0);
	assert_memory_not_equal(y1, y2, 2 * N * sizeof *y1);
	free(x);
	free(y1);
	free(y2);
}

/* iterations 0: the start itself.  PCA: the first two components,
 * centred, the first axis scaled to init_sd, the order of the points
 * along it kept; random: about init_sd, from the seed. */
static void
test_start(void **state)
{
	enum { C = 3, M = 50, D = 60, N = C * M };
	int label[N];
	float *x = clusters(C, M, D, 5.0, 4, label);
	double y[2 * N], sx = 0, sy = 0, mx = 0, kl;
	struct embed_options o;
	char err[128];

	(void)state;
	embed_options_default(&o);
	o.iterations = 0;
	o.init = EMBED_INIT_PCA;
	assert_int_equal(embed_rows(x, N, D, &o, NULL, y, &kl, NULL, 0, err,
	    sizeof err), 0);
	for (int i = 0; i < N; i++) {
		mx += y[2 * i];
		sx += y[2 * i] * y[2 * i];
		sy += y[2 * i + 1] * y[2 * i + 1];
	}
	assert_true(fabs(mx / N) < 1e-12);
	assert_true(fabs(sqrt(sx / N) - o.init_sd) < 1e-9 * o.init_sd);
	/* The second component has less variance than the first. */
	assert_true(sy < sx && sy > 0);
	/* Clusters 5 apart: the first axis separates some of them. */
	assert_true(label_agreement(y, label, N) > 0.6);
	o.init = EMBED_INIT_RANDOM;
	assert_int_equal(embed_rows(x, N, D, &o, NULL, y, &kl, NULL, 0, err,
	    sizeof err), 0);
	sx = 0;
	for (int i = 0; i < N; i++)
		sx += y[2 * i] * y[2 * i];
	assert_true(sqrt(sx / N) > 0.7 * o.init_sd &&
	    sqrt(sx / N) < 1.3 * o.init_sd);
	free(x);
}

static void
assert_finite(const double *y, size_t n)
{
	for (size_t i = 0; i < 2 * n; i++)
		if (!isfinite(y[i]))
			fail_msg("y[%zu] = %g", i, y[i]);
}

static void
test_degenerate_inputs(void **state)
{
	enum { N = 50, D = 8 };
	float x[N * D];
	double y[2 * N], kl;
	struct embed_options o;
	char err[128];
	struct rng r;

	(void)state;
	embed_options_default(&o);
	o.iterations = 300;
	rng_seed(&r, 1);
	for (int i = 0; i < N * D; i++)
		x[i] = (float)rng_normal(&r);
	y[0] = y[1] = 7;
	assert_int_equal(embed_rows(x, 1, D, &o, NULL, y, &kl, NULL, 0, err, sizeof err),
	    0);
	assert_true(y[0] == 0 && y[1] == 0 && kl == 0);
	for (size_t n = 2; n <= 5; n++) {
		assert_int_equal(embed_rows(x, n, D, &o, NULL, y, &kl, NULL, 0, err,
		    sizeof err), 0);
		assert_finite(y, n);
		assert_true(isfinite(kl) && kl >= -1e-9);
	}
	/* Identical rows. */
	for (int i = 0; i < N * D; i++)
		x[i] = 0.25f;
	for (int t = 0; t < 2; t++) {
		o.theta = t ? 0 : 0.5;
		assert_int_equal(embed_rows(x, N, D, &o, NULL, y, &kl, NULL, 0, err,
		    sizeof err), 0);
		assert_finite(y, N);
		assert_true(isfinite(kl));
	}
	/* Constant columns next to varying ones, through PCA. */
	o.theta = 0.5;
	o.pca_dims = 3;
	for (int i = 0; i < N; i++)
		for (int j = 0; j < D; j++)
			x[i * D + j] = j % 2 ? 1.0f : (float)rng_normal(&r);
	assert_int_equal(embed_rows(x, N, D, &o, NULL, y, &kl, NULL, 0, err, sizeof err),
	    0);
	assert_finite(y, N);
	/* Half the rows duplicates of the other half. */
	memcpy(x + (N / 2) * D, x, (N / 2) * D * sizeof *x);
	assert_int_equal(embed_rows(x, N, D, &o, NULL, y, &kl, NULL, 0, err, sizeof err),
	    0);
	assert_finite(y, N);
}

static void
test_bad_options(void **state)
{
	float x[8] = {0};
	double y[8];
	struct embed_options o;
	char err[128];

	(void)state;
	embed_options_default(&o);
	assert_int_equal(embed_rows(x, 0, 2, &o, NULL, y, NULL, NULL, 0, err,
	    sizeof err), -1);
	assert_string_equal(err, "t-SNE: no points to embed");
	o.perplexity = 0;
	assert_int_equal(embed_rows(x, 4, 2, &o, NULL, y, NULL, NULL, 0, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "perplexity"));
	embed_options_default(&o);
	o.theta = -1;
	assert_int_equal(embed_rows(x, 4, 2, &o, NULL, y, NULL, NULL, 0, err,
	    sizeof err), -1);
	assert_non_null(strstr(err, "theta"));
}

struct watch {
	int	 stages[4], kls, last_iter, calls, cancel_after;
	double	 last_kl;
};

static const char *stage_names[4] = {"pca", "neighbours", "bandwidths",
    "gradient descent"};

static void
watch_report(void *ctx, const char *stage, double fraction, int iter,
    double kl)
{
	struct watch *w = ctx;

	assert_true(fraction >= 0 && fraction <= 1);
	for (int s = 0; s < 4; s++)
		if (strcmp(stage, stage_names[s]) == 0) {
			w->stages[s]++;
			/* No stage after a later one. */
			for (int later = s + 1; later < 4; later++)
				assert_int_equal(w->stages[later], 0);
		}
	if (kl >= 0) {
		w->kls++;
		w->last_kl = kl;
		assert_true(iter > w->last_iter);
		w->last_iter = iter;
	}
	w->calls++;
}

static int
watch_cancelled(void *ctx)
{
	struct watch *w = ctx;

	return w->cancel_after > 0 && w->calls >= w->cancel_after;
}

static void
test_progress_and_cancel(void **state)
{
	enum { C = 3, M = 40, D = 60, N = C * M };
	int label[N];
	float *x = clusters(C, M, D, 3.0, 2, label);
	double y[2 * N], kl;
	struct embed_options o;
	struct watch w = { .last_iter = -1 };
	struct embed_progress p = { watch_report, watch_cancelled, &w };
	char err[128];

	(void)state;
	embed_options_default(&o);
	o.iterations = 200;
	assert_int_equal(embed_rows(x, N, D, &o, &p, y, &kl, NULL, 0, err, sizeof err),
	    0);
	for (int s = 0; s < 4; s++)
		assert_true(w.stages[s] > 0);
	assert_int_equal(w.kls, 200 / 50 + 1);	/* every 50, and the end */
	assert_int_equal(w.last_iter, 200);
	assert_true(w.last_kl == kl);

	w = (struct watch){ .last_iter = -1, .cancel_after = 3 };
	assert_int_equal(embed_rows(x, N, D, &o, &p, y, &kl, NULL, 0, err, sizeof err),
	    1);
	assert_true(w.calls <= 4);
	free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bandwidth_entropy),
		cmocka_unit_test(test_symmetrise_brute_force),
		cmocka_unit_test(test_exact_gradient_is_derivative),
		cmocka_unit_test(test_bh_gradient_vs_exact),
		cmocka_unit_test(test_clusters_stay_apart),
		cmocka_unit_test(test_threads_bitwise),
		cmocka_unit_test(test_start),
		cmocka_unit_test(test_degenerate_inputs),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_progress_and_cancel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
