/*
 * test_sptree.c - the quadtree's structure and its repulsive sums
 * against the O(n^2) sums computed here.
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
#include "embed/sptree.h"

static void
brute_force(const double *y, size_t n, double *rep, double *sumq)
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

/* Clumpy map: a few blobs of different sizes, some coincident points. */
static double *
map(size_t n, uint64_t seed)
{
	double *y = malloc(2 * n * sizeof *y);
	struct rng r;

	rng_seed(&r, seed);
	for (size_t i = 0; i < n; i++) {
		size_t b = i % 5;

		if (i % 17 == 3 && i > 20) {
			y[2 * i] = y[2 * (i - 20)];
			y[2 * i + 1] = y[2 * (i - 20) + 1];
			continue;
		}
		y[2 * i] = 8.0 * b + (0.3 + b) * rng_normal(&r);
		y[2 * i + 1] = -5.0 * (b % 2) + (0.3 + b) * rng_normal(&r);
	}
	return y;
}

/* Largest error relative to the vector's norm over all points. */
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
test_structure(void **state)
{
	enum { N = 2000 };
	double *y = map(N, 1);
	struct sptree t;
	char *seen = calloc(N, 1);
	size_t grouped = 0, sp = 0, visited = 0;
	uint32_t stack[4 * 64];

	(void)state;
	sptree_init(&t);
	sptree_build(&t, y, N, 0);
	assert_int_equal(t.node[0].count, N);
	for (size_t i = 0; i < N; i++) {
		assert_true(t.order[i] < N && !seen[t.order[i]]);
		seen[t.order[i]] = 1;
	}
	/* Walk from the root: ids may leave gaps for the parallel build. */
	stack[sp++] = 0;
	while (sp > 0) {
		uint32_t v = stack[--sp];
		const struct sptree_node *nd = &t.node[v];
		const double *b = t.box + 4 * (size_t)v;
		uint32_t sum = 0;

		assert_true(v < t.nnodes);
		visited++;
		assert_true(nd->cx >= b[0] && nd->cx <= b[1]);
		assert_true(nd->cy >= b[2] && nd->cy <= b[3]);
		if (nd->child == 0)
			continue;
		assert_true(nd->nchild >= 2 && nd->nchild <= 4);
		for (uint32_t c = 0; c < nd->nchild; c++) {
			const struct sptree_node *ch = &t.node[nd->child + c];
			const double *cb = t.box + 4 * (size_t)(nd->child + c);

			assert_int_equal(ch->first, nd->first + sum);
			sum += ch->count;
			/* Children's boxes lie inside the parent's. */
			assert_true(cb[0] >= b[0] && cb[1] <= b[1]);
			assert_true(cb[2] >= b[2] && cb[3] <= b[3]);
			stack[sp++] = nd->child + c;
		}
		assert_int_equal(sum, nd->count);
	}
	assert_true(visited < 2 * N);
	/* Groups cover every point once. */
	for (size_t g = 0; g < t.ngroups; g++)
		grouped += t.node[t.group[g]].count;
	assert_int_equal(grouped, N);
	/* Built by one thread or two, the same tree. */
	{
		struct sptree u;

		sptree_init(&u);
		sptree_build(&u, y, N, 1);
		assert_int_equal(u.nnodes, t.nnodes);
		assert_int_equal(u.ngroups, t.ngroups);
		assert_memory_equal(u.group, t.group, t.ngroups *
		    sizeof *t.group);
		for (size_t g = 0; g < t.ngroups; g++)
			assert_memory_equal(&u.node[t.group[g]],
			    &t.node[t.group[g]], sizeof *t.node);
		sptree_free(&u);
	}
	sptree_free(&t);
	free(seen);
	free(y);
}

static void
test_against_brute_force(void **state)
{
	enum { N = 1500 };
	double *y = map(N, 2), rep[2 * N], sumq[N], brep[2 * N], bsumq[N];
	double rep2[2 * N], sumq2[N];
	struct sptree t;

	(void)state;
	brute_force(y, N, brep, bsumq);
	sptree_init(&t);
	sptree_build(&t, y, N, 0);

	/* theta 0: every pair direct, exact up to the float evaluation
	 * (measured 1.3e-7). */
	sptree_repulsion(&t, 0, rep, sumq, 2);
	assert_true(rel_error(rep, brep, 2 * N) < 1e-6);
	assert_true(rel_error(sumq, bsumq, N) < 1e-6);

	/* The monopole error shrinks like theta^2 (measured: 1e-3 and 2e-2
	 * for the forces at 0.1 and 0.5, a quarter of that for Z). */
	sptree_repulsion(&t, 0.1, rep, sumq, 2);
	assert_true(rel_error(rep, brep, 2 * N) < 3e-3);
	assert_true(rel_error(sumq, bsumq, N) < 1e-3);

	sptree_repulsion(&t, 0.5, rep, sumq, 2);
	assert_true(rel_error(rep, brep, 2 * N) < 5e-2);
	assert_true(rel_error(sumq, bsumq, N) < 2e-2);
	/* The approximation is not the exact answer in disguise. */
	assert_true(rel_error(rep, brep, 2 * N) > 1e-9);

	/* One thread or two, the same bits. */
	sptree_repulsion(&t, 0.5, rep2, sumq2, 1);
	assert_memory_equal(rep, rep2, sizeof rep);
	assert_memory_equal(sumq, sumq2, sizeof sumq);
	sptree_free(&t);
	free(y);
}

static void
test_coincident(void **state)
{
	enum { N = 300 };
	double y[2 * N], rep[2 * N], sumq[N], brep[2 * N], bsumq[N];
	struct sptree t;

	(void)state;
	/* 250 points at one spot (more than a group), 50 on a line. */
	for (int i = 0; i < N; i++) {
		y[2 * i] = i < 250 ? 1.0 : 0.1 * i;
		y[2 * i + 1] = i < 250 ? -2.0 : 0.05 * i;
	}
	brute_force(y, N, brep, bsumq);
	sptree_init(&t);
	sptree_build(&t, y, N, 0);
	sptree_repulsion(&t, 0.5, rep, sumq, 0);
	for (int i = 0; i < N; i++)
		assert_true(isfinite(sumq[i]) && isfinite(rep[2 * i]) &&
		    isfinite(rep[2 * i + 1]));
	assert_true(rel_error(sumq, bsumq, N) < 2e-2);
	/* All points at one spot: no force, q = 1 with each other. */
	for (int i = 0; i < N; i++)
		y[2 * i] = y[2 * i + 1] = 3.0;
	sptree_build(&t, y, N, 0);
	sptree_repulsion(&t, 0.5, rep, sumq, 0);
	for (int i = 0; i < N; i++) {
		assert_true(sumq[i] == N - 1);
		assert_true(rep[2 * i] == 0 && rep[2 * i + 1] == 0);
	}
	/* One point. */
	sptree_build(&t, y, 1, 0);
	sptree_repulsion(&t, 0.5, rep, sumq, 0);
	assert_true(sumq[0] == 0 && rep[0] == 0);
	sptree_free(&t);
}

/* A large theta must not let the group's ancestors stand for it. */
static void
test_large_theta(void **state)
{
	enum { A = 40, N = 240 };
	double y[2 * N], rep[2 * N], sumq[N], brep[2 * N], bsumq[N];
	struct sptree t;
	struct rng r;

	(void)state;
	rng_seed(&r, 4);
	for (int i = 0; i < N; i++) {
		/* 40 coincident points, 200 in a blob 3 units away. */
		y[2 * i] = i < A ? 0 : 3 + 0.1 * rng_normal(&r);
		y[2 * i + 1] = i < A ? 0 : 0.1 * rng_normal(&r);
	}
	brute_force(y, N, brep, bsumq);
	sptree_init(&t);
	sptree_build(&t, y, N, 0);
	for (double theta = 0.5; theta <= 4; theta *= 2) {
		sptree_repulsion(&t, theta, rep, sumq, 0);
		for (int i = 0; i < A; i++)
			if (fabs(sumq[i] - bsumq[i]) > 0.05 * bsumq[i])
				fail_msg("theta %g, point %d: sumq %g, exact %g",
				    theta, i, sumq[i], bsumq[i]);
	}
	sptree_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_structure),
		cmocka_unit_test(test_against_brute_force),
		cmocka_unit_test(test_coincident),
		cmocka_unit_test(test_large_theta),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
