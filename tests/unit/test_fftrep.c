/*
 * test_fftrep.c - the interpolation and FFT repulsion against the exact
 * sums, and the same bits at any number of threads.
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
#include "embed/fftrep.h"

/* The exact sums of fftrep.h, in double. */
static void
exact(const double *y, size_t n, double *rep, double *sumq)
{
	for (size_t i = 0; i < n; i++) {
		double z = 0, fx = 0, fy = 0;

		for (size_t j = 0; j < n; j++) {
			double dx = y[2 * i] - y[2 * j];
			double dy = y[2 * i + 1] - y[2 * j + 1], q;

			if (j == i)
				continue;
			q = 1 / (1 + dx * dx + dy * dy);
			z += q;
			fx += q * q * dx;
			fy += q * q * dy;
		}
		sumq[i] = z;
		rep[2 * i] = fx;
		rep[2 * i + 1] = fy;
	}
}

/*
 * Maps like t-SNE's at its stages: a tiny start, a spread of a few units,
 * clusters tens of units apart, and coincident points.
 */
static void
make_map(double *y, size_t n, int kind, uint64_t seed)
{
	struct rng r;

	rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++) {
		double cx = 0, cy = 0, sd = 1;

		switch (kind) {
		case 0: sd = 1e-4; break;
		case 1: sd = 3; break;
		case 2:
			cx = 40 * cos((double)(i % 7));
			cy = 40 * sin((double)(i % 7));
			sd = 2;
			break;
		default: sd = i % 2 ? 0 : 5; break;
		}
		y[2 * i] = cx + sd * rng_normal(&r);
		y[2 * i + 1] = cy + sd * rng_normal(&r);
	}
}

static void
test_against_exact(void **state)
{
	enum { N = 1500 };
	double *y = malloc(2 * N * sizeof *y), *rep = malloc(2 * N *
	    sizeof *rep), *sumq = malloc(N * sizeof *sumq);
	double *erep = malloc(2 * N * sizeof *erep), *esumq = malloc(N *
	    sizeof *esumq);
	struct fftrep f;

	(void)state;
	if (!fftrep_available())
		skip();
	fftrep_init(&f);
	for (int kind = 0; kind < 4; kind++) {
		double zerr = 0, z = 0, ez = 0, ferr = 0, fnorm = 0;

		make_map(y, N, kind, 10 + (uint64_t)kind);
		exact(y, N, erep, esumq);
		fftrep_repulsion(&f, y, N, rep, sumq, 2);
		for (size_t i = 0; i < N; i++) {
			double e = fabs(sumq[i] - esumq[i]) / esumq[i];

			zerr = e > zerr ? e : zerr;
			z += sumq[i];
			ez += esumq[i];
			ferr += (rep[2 * i] - erep[2 * i]) * (rep[2 * i] -
			    erep[2 * i]) + (rep[2 * i + 1] - erep[2 * i + 1]) *
			    (rep[2 * i + 1] - erep[2 * i + 1]);
			fnorm += erep[2 * i] * erep[2 * i] + erep[2 * i + 1] *
			    erep[2 * i + 1];
		}
		/* The kernel is interpolated in boxes up to one unit wide
		 * with three nodes a side (fftrep.c): per point, the sum
		 * of q within 10% (5% measured where clusters are dense);
		 * the forces within 3% of their norm over the map (1.5%),
		 * Z within 0.5% (0.4% with coincident points). */
		print_message("map %d: sumq %.2e forces %.2e Z %.2e\n", kind, zerr, sqrt(ferr / fnorm), fabs(z - ez) / ez);
		if (zerr > 0.15)
			fail_msg("map %d: sum q off by %g relative", kind, zerr);
		if (sqrt(ferr / fnorm) > 0.03)
			fail_msg("map %d: forces off by %g relative", kind,
			    sqrt(ferr / fnorm));
		if (fabs(z - ez) / ez > 0.15)
			fail_msg("map %d: Z %g, exact %g", kind, z, ez);
	}
	fftrep_free(&f);
	free(y);
	free(rep);
	free(sumq);
	free(erep);
	free(esumq);
}

static void
test_threads_bitwise(void **state)
{
	enum { N = 3000 };
	double *y = malloc(2 * N * sizeof *y);
	double *r1 = malloc(2 * N * sizeof *r1), *r2 = malloc(2 * N *
	    sizeof *r2), *q1 = malloc(N * sizeof *q1), *q2 = malloc(N *
	    sizeof *q2);
	struct fftrep f;

	(void)state;
	if (!fftrep_available())
		skip();
	fftrep_init(&f);
	make_map(y, N, 2, 3);
	fftrep_repulsion(&f, y, N, r1, q1, 1);
	for (int t = 2; t <= 4; t++) {
		fftrep_repulsion(&f, y, N, r2, q2, t);
		assert_memory_equal(r1, r2, 2 * N * sizeof *r1);
		assert_memory_equal(q1, q2, N * sizeof *q1);
	}
	/* A new workspace (new plans) gives the same bits too. */
	fftrep_free(&f);
	fftrep_init(&f);
	fftrep_repulsion(&f, y, N, r2, q2, 3);
	assert_memory_equal(r1, r2, 2 * N * sizeof *r1);
	fftrep_free(&f);
	free(y);
	free(r1);
	free(r2);
	free(q1);
	free(q2);
}

/* Fewer points than nodes, one point, all points in one spot. */
static void
test_small(void **state)
{
	double y[6] = {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}, rep[6], sumq[3];
	double erep[6], esumq[3];
	struct fftrep f;

	(void)state;
	if (!fftrep_available())
		skip();
	fftrep_init(&f);
	fftrep_repulsion(&f, y, 1, rep, sumq, 1);
	print_message("one point: %g %g %g\n", sumq[0], rep[0], rep[1]);
	assert_true(fabs(sumq[0]) < 1e-3);
	assert_true(fabs(rep[0]) < 1e-9 && fabs(rep[1]) < 1e-9);
	fftrep_repulsion(&f, y, 3, rep, sumq, 2);
	for (int i = 0; i < 3; i++)
		assert_true(fabs(sumq[i] - 2) < 1e-6);
	y[2] = 3;
	y[5] = -2;
	exact(y, 3, erep, esumq);
	fftrep_repulsion(&f, y, 3, rep, sumq, 2);
	for (int i = 0; i < 3; i++)
		if (fabs(sumq[i] - esumq[i]) > 1e-3 * esumq[i])
			fail_msg("point %d: sum q %g, exact %g", i, sumq[i],
			    esumq[i]);
	for (int i = 0; i < 6; i++)
		if (fabs(rep[i] - erep[i]) > 1e-3)
			fail_msg("rep[%d] %g, exact %g", i, rep[i], erep[i]);
	fftrep_free(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_against_exact),
		cmocka_unit_test(test_threads_bitwise),
		cmocka_unit_test(test_small),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
