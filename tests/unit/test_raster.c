/*
 * test_raster.c - the explorer at a million points, checked against the
 * straightforward way on small random maps: the raster (raster.c, by the
 * view's buckets and cut from a sheet of the whole map kept across pans)
 * against a disc per point drawn with canvas_disc(), dot for dot and role
 * for role, at zooms from the whole map out to deep in, pans by fractions
 * of a dot, views across the map's edges and off it; and the grid's
 * nearest and k-th nearest computers (pointgrid.c) against a scan of
 * every point, ties (duplicates, a lattice) included.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "base/xalloc.h"
#include "tui/canvas.h"
#include "tui/pointgrid.h"
#include "tui/raster.h"

static uint64_t seed;

static uint64_t
next(void)
{
	seed ^= seed >> 12;
	seed ^= seed << 25;
	seed ^= seed >> 27;
	return seed * 0x2545f4914f6cdd1dULL;
}

static double
unif(double lo, double hi)
{
	return lo + (hi - lo) * (double)(next() >> 11) / 9007199254740992.0;
}

/* A map of n points: clusters, a uniform spread, duplicates, a lattice
 * (equal distances), and the given number of non-finite places. */
struct pts {
	size_t	 n;
	double	*x, *y;
	uint8_t	*look;		/* per point, in point order */
};

static void
pts_make(struct pts *p, size_t n, int bad)
{
	p->n = n;
	p->x = xcalloc(n, sizeof *p->x);
	p->y = xcalloc(n, sizeof *p->y);
	p->look = xcalloc(n, 1);
	for (size_t i = 0; i < n; i++) {
		uint64_t kind = next() % 8;

		if (kind < 3) {		/* a cluster */
			double cx = (double)(next() % 5) * 17 - 30;

			p->x[i] = cx + unif(-3, 3) + unif(-3, 3);
			p->y[i] = cx / 2 + unif(-2, 2) + unif(-2, 2);
		} else if (kind < 5) {
			p->x[i] = unif(-40, 45);
			p->y[i] = unif(-25, 30);
		} else if (kind < 7 && i > 0) {	/* a duplicate */
			size_t k = next() % i;

			p->x[i] = p->x[k];
			p->y[i] = p->y[k];
		} else {		/* the lattice */
			p->x[i] = (double)(next() % 20) * 2 - 20;
			p->y[i] = (double)(next() % 20) - 10;
		}
		/* every role below SELECTED, mostly single dots */
		p->look[i] = RASTER_LOOK(1 + next() % (CANVAS_SELECTED - 1),
		    next() % 4 == 0 ? 1 + next() % CANVAS_MAX_RADIUS : 0);
	}
	for (int b = 0; b < bad && (size_t)b < n; b++) {
		size_t i = next() % n;

		if (b % 2)
			p->x[i] = NAN;
		else
			p->y[i] = INFINITY;
	}
}

static void
pts_free(struct pts *p)
{
	free(p->x);
	free(p->y);
	free(p->look);
}

/* The finite points' box, as the explorer fits its view. */
static void
pts_box(const struct pts *p, double *x0, double *x1, double *y0, double *y1)
{
	int first = 1;

	for (size_t i = 0; i < p->n; i++) {
		if (!isfinite(p->x[i]) || !isfinite(p->y[i]))
			continue;
		if (first || p->x[i] < *x0)
			*x0 = p->x[i];
		if (first || p->x[i] > *x1)
			*x1 = p->x[i];
		if (first || p->y[i] < *y0)
			*y0 = p->y[i];
		if (first || p->y[i] > *y1)
			*y1 = p->y[i];
		first = 0;
	}
}

/* The straightforward raster: a disc per point at canvas_dots_of(). */
static size_t
reference(struct canvas *c, const struct canvas_view *v, const struct pts *p)
{
	struct canvas_dots d;
	size_t in = 0;

	canvas_view_dots(v, &d);
	canvas_clear(c);
	for (size_t i = 0; i < p->n; i++) {
		int64_t x, y;

		if (canvas_dots_of(&d, p->x[i], p->y[i], &x, &y) < 0)
			continue;
		if (x >= 0 && y >= 0 && x < v->wdots && y < v->hdots)
			in++;
		if (x < -100 || y < -100 || x > v->wdots + 100 ||
		    y > v->hdots + 100)
			continue;	/* far off: no disc reaches it */
		canvas_disc(c, (int)x, (int)y, RASTER_LOOK_RADIUS(p->look[i]),
		    (enum canvas_role)RASTER_LOOK_ROLE(p->look[i]));
	}
	return in;
}

static void
assert_same_canvas(const struct canvas *a, const struct canvas *b,
    const char *what, double zoom, double cx, double cy)
{
	size_t n = (size_t)a->cols * (size_t)a->rows;

	for (size_t i = 0; i < n; i++)
		if (a->bits[i] != b->bits[i] || a->role[i] != b->role[i])
			fail_msg("%s, zoom %g at (%.6g, %.6g): cell %zu,%zu "
			    "bits %02x role %d, want bits %02x role %d", what,
			    zoom, cx, cy, i % (size_t)a->cols,
			    i / (size_t)a->cols, b->bits[i], b->role[i],
			    a->bits[i], a->role[i]);
}

/* The three ways (buckets, sheet, the explorer's choice) against the
 * reference in view v; the rasters persist across calls, so the sheet
 * kept from the view before is what a pan uses. */
static void
check_view(struct raster r[3], const struct canvas_view *v,
    const struct pointgrid *g, const uint8_t *looks, unsigned long gen,
    const struct pts *p, struct canvas *want, struct canvas *got)
{
	static const enum raster_way ways[3] = { RASTER_BUCKETS,
	    RASTER_SHEET, RASTER_AUTO };
	static const char *names[3] = { "buckets", "sheet", "auto" };
	size_t in = reference(want, v, p);

	for (int w = 0; w < 3; w++) {
		size_t got_in = raster_draw(&r[w], got, v, g, looks, gen,
		    ways[w]);

		assert_same_canvas(want, got, names[w], v->zoom, v->cx, v->cy);
		if (got_in != in)
			fail_msg("%s, zoom %g: %zu in view, want %zu", names[w],
			    v->zoom, got_in, in);
	}
}

static void
raster_case(size_t n, int cols, int rows)
{
	static const double zooms[] = { 0.25, 0.8, 1, 1.5, 2.25, 7, 60, 900 };
	struct canvas want = {0}, got = {0};
	struct raster r[3];
	struct pointgrid g = {0};
	struct canvas_view v;
	struct pts p;
	double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
	uint8_t *looks;

	memset(r, 0, sizeof r);
	pts_make(&p, n, 3);
	pts_box(&p, &x0, &x1, &y0, &y1);
	pointgrid_build(&g, p.x, p.y, sizeof *p.x, p.n);
	looks = xcalloc(g.n + 1, 1);
	for (size_t j = 0; j < g.n; j++)
		looks[j] = p.look[g.order[j]];
	canvas_resize(&want, cols, rows);
	canvas_resize(&got, cols, rows);
	canvas_view_init(&v, x0, x1, y0, y1, cols * CANVAS_DOTS_X,
	    rows * CANVAS_DOTS_Y);
	for (size_t z = 0; z < sizeof zooms / sizeof zooms[0]; z++) {
		/* the middle, each corner of the map, a point, far off */
		double at[][2] = { { (x0 + x1) / 2, (y0 + y1) / 2 },
		    { x0, y0 }, { x0, y1 }, { x1, y0 }, { x1, y1 },
		    { p.x[next() % n], p.y[next() % n] },
		    { unif(x0, x1), unif(y0, y1) }, { x1 + 500, y0 - 70 } };

		for (size_t a = 0; a < sizeof at / sizeof at[0]; a++) {
			if (!isfinite(at[a][0]) || !isfinite(at[a][1]))
				continue;
			canvas_view_follow(&v, at[a][0], at[a][1], zooms[z]);
			check_view(r, &v, &g, looks, 1, &p, &want, &got);
			/* pans by fractions of a dot: the sheet is kept */
			for (int k = 0; k < 6; k++) {
				canvas_view_pan(&v, unif(-7, 7), unif(-9, 9));
				check_view(r, &v, &g, looks, 1, &p, &want,
				    &got);
			}
		}
	}
	/* new looks, a new generation, the same view: the sheet must not be
	 * kept */
	canvas_view_follow(&v, (x0 + x1) / 2, (y0 + y1) / 2, 1);
	check_view(r, &v, &g, looks, 1, &p, &want, &got);
	for (size_t i = 0; i < n; i++)
		p.look[i] = RASTER_LOOK(CANVAS_SELECTED - 1 - i % 3,
		    i % 5 == 0 ? CANVAS_MAX_RADIUS : 0);
	for (size_t j = 0; j < g.n; j++)
		looks[j] = p.look[g.order[j]];
	check_view(r, &v, &g, looks, 2, &p, &want, &got);
	for (int w = 0; w < 3; w++)
		raster_free(&r[w]);
	free(looks);
	pointgrid_free(&g);
	canvas_free(&want);
	canvas_free(&got);
	pts_free(&p);
}

/* The raster is the straightforward one, every way, at every view. */
static void
test_raster_matches_discs(void **state)
{
	(void)state;
	seed = 0x243f6a8885a308d3ULL;
	raster_case(3000, 37, 11);	/* odd sizes: half cells at edges */
	raster_case(40000, 80, 24);	/* past the sheet's minimum */
	raster_case(1, 20, 6);
	raster_case(7, 3, 2);
}

/* An empty grid draws nothing and selects nothing. */
static void
test_empty(void **state)
{
	struct pointgrid g = {0};
	struct raster r = {0};
	struct canvas c = {0};
	struct canvas_view v;
	double x = NAN, y = 1;

	(void)state;
	pointgrid_build(&g, &x, &y, sizeof x, 1);
	assert_int_equal(g.n, 0);
	assert_true(pointgrid_nearest(&g, 0, 0) == SIZE_MAX);
	assert_true(pointgrid_kth(&g, 0, 0, 0) == SIZE_MAX);
	canvas_resize(&c, 10, 5);
	canvas_view_init(&v, -1, 1, -1, 1, 20, 20);
	assert_int_equal(raster_draw(&r, &c, &v, &g, NULL, 1, RASTER_AUTO), 0);
	assert_int_equal(canvas_cell_dots(&c, 5, 2), 0);
	raster_free(&r);
	canvas_free(&c);
	pointgrid_free(&g);
}

/* The scan the explorer did before the grid: the first of the least. */
static size_t
scan_nearest(const struct pts *p, double qx, double qy)
{
	double best = HUGE_VAL;
	size_t sel = SIZE_MAX;

	for (size_t i = 0; i < p->n; i++) {
		double d = pointgrid_dist2(p->x[i], p->y[i], qx, qy);

		if (d < best) {
			best = d;
			sel = i;
		}
	}
	return sel;
}

struct by_dist {
	double	d;
	size_t	i;
};

static int
by_dist_cmp(const void *a, const void *b)
{
	const struct by_dist *x = a, *y = b;

	if (x->d != y->d)
		return x->d < y->d ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static void
nearest_case(size_t n, int bad, const double *ks, size_t nks)
{
	struct by_dist *v = xcalloc(n, sizeof *v);
	struct pointgrid g = {0};
	struct pts p;
	double x0 = 0, x1 = 0, y0 = 0, y1 = 0;

	pts_make(&p, n, bad);
	pts_box(&p, &x0, &x1, &y0, &y1);
	pointgrid_build(&g, p.x, p.y, sizeof *p.x, p.n);
	for (int q = 0; q < 200; q++) {
		double qx, qy;
		size_t m = 0;

		switch (q % 4) {
		case 0:		/* on a point: distance 0, duplicates */
			qx = p.x[next() % n];
			qy = p.y[next() % n];
			if (!isfinite(qx) || !isfinite(qy))
				qx = qy = 0;
			break;
		case 1:		/* the lattice's middles: equal distances */
			qx = (double)(next() % 20) * 2 - 19;
			qy = (double)(next() % 20) - 9.5;
			break;
		case 2:
			qx = unif(x0 - 5, x1 + 5);
			qy = unif(y0 - 5, y1 + 5);
			break;
		default:	/* far off the map */
			qx = unif(-1, 1) * 1e4;
			qy = unif(-1, 1) * 1e4;
			break;
		}
		assert_int_equal(pointgrid_nearest(&g, qx, qy),
		    scan_nearest(&p, qx, qy));
		for (size_t i = 0; i < n; i++)
			if (isfinite(p.x[i]) && isfinite(p.y[i]))
				v[m++] = (struct by_dist){ pointgrid_dist2(
				    p.x[i], p.y[i], qx, qy), i };
		qsort(v, m, sizeof *v, by_dist_cmp);
		for (size_t k = 0; k < nks; k++) {
			size_t kk = (size_t)(ks[k] < 1 ? ks[k] * (double)m :
			    ks[k]);

			if (kk >= m)
				continue;
			assert_int_equal(pointgrid_kth(&g, qx, qy, kk),
			    v[kk].i);
		}
		assert_true(pointgrid_kth(&g, qx, qy, m) == SIZE_MAX);
	}
	pointgrid_free(&g);
	pts_free(&p);
	free(v);
}

/* Nearest and k-th nearest as a scan finds them, ties to the lowest
 * number; a k past the heap's limits goes by selection. */
static void
test_nearest_matches_scan(void **state)
{
	/* whole numbers are counts; fractions are shares of the points */
	static const double ks[] = { 0, 1, 2, 5, 17, 100, 5000, 0.5, 0.999 };

	(void)state;
	seed = 0x13198a2e03707344ULL;
	nearest_case(3000, 0, ks, sizeof ks / sizeof ks[0]);
	nearest_case(9000, 4, ks, sizeof ks / sizeof ks[0]);
	/* k = 5000 of 40,000: a heap past POINTGRID_HEAP_MAX */
	nearest_case(40000, 0, ks, sizeof ks / sizeof ks[0]);
	nearest_case(1, 0, ks, 2);
	nearest_case(5, 0, ks, sizeof ks / sizeof ks[0]);
}

/* All on a line (a grid one bucket wide) and all on one place. */
static void
test_degenerate(void **state)
{
	double xs[64], ys[64];
	struct pointgrid g = {0};

	(void)state;
	for (int i = 0; i < 64; i++) {
		xs[i] = 3;
		ys[i] = (double)(i % 16);
	}
	pointgrid_build(&g, xs, ys, sizeof xs[0], 64);
	assert_int_equal(g.gw, 1);
	assert_int_equal(pointgrid_nearest(&g, 100, 4.4), 4);
	assert_int_equal(pointgrid_kth(&g, 100, 4.4, 1), 20);
	assert_int_equal(pointgrid_kth(&g, 3, 15.9, 4), 14);
	for (int i = 0; i < 64; i++)
		ys[i] = -2;
	pointgrid_build(&g, xs, ys, sizeof xs[0], 64);
	assert_int_equal(pointgrid_nearest(&g, 0, 0), 0);
	assert_int_equal(pointgrid_kth(&g, 0, 0, 63), 63);
	pointgrid_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raster_matches_discs),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_nearest_matches_scan),
		cmocka_unit_test(test_degenerate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
