/*
 * pointgrid.c - the points of a map in buckets (see pointgrid.h).
 *
 * Build: one pass for the points' box, one to count each bucket's
 * points, one to place them (a counting sort, so each bucket keeps its
 * points in number order).  At a million points that is three linear
 * passes over the map, done once per map kind.
 *
 * Queries walk rings of buckets outwards from the query's bucket (the
 * nearest bucket of the grid when the query lies outside it): ring r is
 * the buckets r steps away in one axis and at most r in the other.  Every
 * bucket of ring r + 1 or beyond lies at least r whole buckets away, so
 * once that bound passes the k-th best distance found no further ring
 * can change the answer.  The bound keeps a margin of a millionth against
 * the rounding that put each point in its bucket; within a ring a bucket
 * is passed over when the box of its own points is farther than the k-th
 * best, a test that is exact in floating point (subtraction, squaring and
 * addition are monotone), so a tie is never lost.  The k best so far are
 * a max-heap ordered by (distance, number); for a large k (Shift-Tab from
 * the nearest is the farthest) a selection over all points is cheaper
 * than a heap of most of them.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "tui/pointgrid.h"

/* Past this k and this share of the points, pointgrid_kth() selects
 * among all points (O(n), 40 to 55 ms at a million) rather than keep a
 * heap of the k best (0.4 ms at k = 4096, 16 ms at k = 250,000). */
#define POINTGRID_HEAP_MAX	4096
#define POINTGRID_HEAP_SHARE	4

/* Rounding in the bucket of a point, against a bucket's size. */
#define POINTGRID_MARGIN	(1 - 1e-6)

static int
finite_place(double x, double y)
{
	return isfinite(x) && isfinite(y);
}

/* Bucket column (or row) of offset t buckets from the grid's edge. */
static int
cell_of(double t, int n)
{
	if (!(t >= 0))
		return 0;
	if (t >= n)
		return n - 1;
	return (int)t;
}

static int
bucket_x(const struct pointgrid *g, double x)
{
	return cell_of(g->gw > 1 ? (x - g->minx) / g->bw : 0, g->gw);
}

static int
bucket_y(const struct pointgrid *g, double y)
{
	return cell_of(g->gh > 1 ? (y - g->miny) / g->bh : 0, g->gh);
}

/* About square buckets, POINTGRID_PER_BUCKET points each over the box. */
static void
grid_shape(struct pointgrid *g)
{
	double w = g->maxx - g->minx, h = g->maxy - g->miny;
	double want = fmax(1, (double)g->n / POINTGRID_PER_BUCKET);
	double gw = 1, gh = 1;

	if (w > 0 && h > 0) {
		gw = fmin(want, fmax(1, floor(sqrt(want * w / h) + 0.5)));
		gh = fmax(1, ceil(want / gw));
	} else if (w > 0)
		gw = want;
	else if (h > 0)
		gh = want;
	g->gw = (int)fmin(gw, 1 << 15);
	g->gh = (int)fmin(gh, 1 << 15);
	g->bw = g->gw > 1 ? w / g->gw : 1;
	g->bh = g->gh > 1 ? h / g->gh : 1;
}

static const double *
at(const double *base, size_t stride, size_t i)
{
	return (const double *)(const void *)((const char *)base + i * stride);
}

void
pointgrid_build(struct pointgrid *g, const double *x, const double *y,
    size_t stride, size_t n)
{
	uint32_t *bucket;
	size_t nb, *fill;

	pointgrid_free(g);
	/* 32-bit numbers: a map of 4G computers would not fit in memory */
	if (n > UINT32_MAX)
		xalloc_fatal();
	for (size_t i = 0; i < n; i++) {
		double px = *at(x, stride, i), py = *at(y, stride, i);

		if (!finite_place(px, py))
			continue;
		if (g->n == 0 || px < g->minx)
			g->minx = px;
		if (g->n == 0 || px > g->maxx)
			g->maxx = px;
		if (g->n == 0 || py < g->miny)
			g->miny = py;
		if (g->n == 0 || py > g->maxy)
			g->maxy = py;
		g->n++;
	}
	grid_shape(g);
	nb = (size_t)g->gw * (size_t)g->gh;
	g->start = xcalloc(nb + 1, sizeof *g->start);
	g->box = xreallocarray(NULL, nb, sizeof *g->box);
	g->order = xreallocarray(NULL, g->n > 0 ? g->n : 1, sizeof *g->order);
	g->x = xreallocarray(NULL, g->n > 0 ? g->n : 1, sizeof *g->x);
	g->y = xreallocarray(NULL, g->n > 0 ? g->n : 1, sizeof *g->y);
	bucket = xreallocarray(NULL, n > 0 ? n : 1, sizeof *bucket);
	fill = xreallocarray(NULL, nb, sizeof *fill);
	for (size_t b = 0; b < nb; b++)
		g->box[b] = (struct pointgrid_box){ HUGE_VAL, HUGE_VAL,
		    -HUGE_VAL, -HUGE_VAL };
	for (size_t i = 0; i < n; i++) {
		double px = *at(x, stride, i), py = *at(y, stride, i);

		bucket[i] = UINT32_MAX;
		if (!finite_place(px, py))
			continue;
		bucket[i] = (uint32_t)((size_t)bucket_y(g, py) *
		    (size_t)g->gw + (size_t)bucket_x(g, px));
		g->start[bucket[i] + 1]++;
	}
	for (size_t b = 0; b < nb; b++) {
		g->start[b + 1] += g->start[b];
		fill[b] = g->start[b];
	}
	for (size_t i = 0; i < n; i++) {
		struct pointgrid_box *bx;
		size_t j;

		if (bucket[i] == UINT32_MAX)
			continue;
		j = fill[bucket[i]]++;
		g->order[j] = (uint32_t)i;
		g->x[j] = *at(x, stride, i);
		g->y[j] = *at(y, stride, i);
		bx = &g->box[bucket[i]];
		bx->x0 = fmin(bx->x0, g->x[j]);
		bx->x1 = fmax(bx->x1, g->x[j]);
		bx->y0 = fmin(bx->y0, g->y[j]);
		bx->y1 = fmax(bx->y1, g->y[j]);
	}
	free(fill);
	free(bucket);
}

void
pointgrid_free(struct pointgrid *g)
{
	free(g->start);
	free(g->order);
	free(g->x);
	free(g->y);
	free(g->box);
	memset(g, 0, sizeof *g);
}

int
pointgrid_range(const struct pointgrid *g, double x0, double y0, double x1,
    double y1, int *bx0, int *by0, int *bx1, int *by1)
{
	double lx = fmin(x0, x1), hx = fmax(x0, x1);
	double ly = fmin(y0, y1), hy = fmax(y0, y1);

	if (g->n == 0 || !(hx >= g->minx && lx <= g->maxx && hy >= g->miny &&
	    ly <= g->maxy))
		return -1;
	/* a bucket of slack each way: rounding put points in their bucket */
	*bx0 = bucket_x(g, lx) > 0 ? bucket_x(g, lx) - 1 : 0;
	*by0 = bucket_y(g, ly) > 0 ? bucket_y(g, ly) - 1 : 0;
	*bx1 = bucket_x(g, hx) < g->gw - 1 ? bucket_x(g, hx) + 1 : g->gw - 1;
	*by1 = bucket_y(g, hy) < g->gh - 1 ? bucket_y(g, hy) + 1 : g->gh - 1;
	return 0;
}

/* A candidate: its squared distance and its number. */
struct cand {
	double		d;
	uint32_t	i;
};

/* Is a after b in the order of (distance, number)? */
static int
after(const struct cand *a, const struct cand *b)
{
	return a->d > b->d || (a->d == b->d && a->i > b->i);
}

/* The k best so far: a max-heap of at most `cap`, the worst on top. */
struct best {
	struct cand	*h;
	size_t		 n, cap;
};

static void
best_offer(struct best *b, struct cand c)
{
	size_t i;

	if (b->n < b->cap) {
		/* sift up */
		for (i = b->n++; i > 0 && after(&c, &b->h[(i - 1) / 2]);
		    i = (i - 1) / 2)
			b->h[i] = b->h[(i - 1) / 2];
		b->h[i] = c;
		return;
	}
	if (!after(&b->h[0], &c))
		return;
	/* replace the top, sift down */
	for (i = 0;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;
		const struct cand *big = &c;

		if (l < b->n && after(&b->h[l], big)) {
			m = l;
			big = &b->h[l];
		}
		if (r < b->n && after(&b->h[r], big))
			m = r;
		if (m == i)
			break;
		b->h[i] = b->h[m];
		i = m;
	}
	b->h[i] = c;
}

/* The distance no point needs to beat any more: the worst of a full
 * heap, else infinity. */
static double
best_bar(const struct best *b)
{
	return b->n < b->cap ? HUGE_VAL : b->h[0].d;
}

static void
scan_bucket(const struct pointgrid *g, size_t b, double qx, double qy,
    struct best *best)
{
	const struct pointgrid_box *bx = &g->box[b];
	double cx, cy;

	if (bx->x0 > bx->x1)
		return;
	cx = fmin(fmax(qx, bx->x0), bx->x1);
	cy = fmin(fmax(qy, bx->y0), bx->y1);
	if (pointgrid_dist2(cx, cy, qx, qy) > best_bar(best))
		return;
	for (size_t j = g->start[b]; j < g->start[b + 1]; j++)
		best_offer(best, (struct cand){
		    pointgrid_dist2(g->x[j], g->y[j], qx, qy), g->order[j] });
}

/* Ring r around bucket (cx, cy), clipped to the grid. */
static void
scan_ring(const struct pointgrid *g, int cx, int cy, int r, double qx,
    double qy, struct best *best)
{
	for (int by = cy - r; by <= cy + r; by++) {
		int edge = by == cy - r || by == cy + r;

		if (by < 0 || by >= g->gh)
			continue;
		for (int bx = cx - r; bx <= cx + r; bx += edge || r == 0 ?
		    1 : 2 * r) {
			if (bx >= 0 && bx < g->gw)
				scan_bucket(g, (size_t)by * (size_t)g->gw +
				    (size_t)bx, qx, qy, best);
		}
	}
}

/* The k + 1 best by rings; the k-th is then on top of the heap. */
static void
kth_by_rings(const struct pointgrid *g, double qx, double qy,
    struct best *best)
{
	int cx = bucket_x(g, qx), cy = bucket_y(g, qy);
	int rmax = cx > g->gw - 1 - cx ? cx : g->gw - 1 - cx;
	double step = fmin(g->gw > 1 ? g->bw : HUGE_VAL,
	    g->gh > 1 ? g->bh : HUGE_VAL);

	if (cy > rmax)
		rmax = cy;
	if (g->gh - 1 - cy > rmax)
		rmax = g->gh - 1 - cy;
	for (int r = 0; r <= rmax; r++) {
		double gap = r * step * POINTGRID_MARGIN;

		/* rings r + 1 and beyond lie r whole buckets away */
		scan_ring(g, cx, cy, r, qx, qy, best);
		if (gap * gap > best_bar(best))
			break;
	}
}

static void
cand_swap(struct cand *a, struct cand *b)
{
	struct cand t = *a;

	*a = *b;
	*b = t;
}

/* Put the k-th of v[0..n) in (distance, number) order at v[k]
 * (quickselect, median of three: the order is total, so the answer is
 * the same whatever the pivots). */
static void
select_kth(struct cand *v, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;

	while (hi > lo) {
		size_t mid = lo + (hi - lo) / 2, i = lo, j;

		if (after(&v[lo], &v[mid]))
			cand_swap(&v[lo], &v[mid]);
		if (after(&v[mid], &v[hi]))
			cand_swap(&v[mid], &v[hi]);
		if (after(&v[lo], &v[mid]))
			cand_swap(&v[lo], &v[mid]);
		cand_swap(&v[mid], &v[hi]);	/* the pivot at hi */
		for (j = lo; j < hi; j++)
			if (after(&v[hi], &v[j]))
				cand_swap(&v[i++], &v[j]);
		cand_swap(&v[i], &v[hi]);
		if (i == k)
			return;
		if (k < i)
			hi = i - 1;
		else
			lo = i + 1;
	}
}

/* The k-th nearest with its distance; -1 when there is none. */
static int
kth(const struct pointgrid *g, double qx, double qy, size_t k,
    struct cand *out)
{
	struct best best;

	if (k >= g->n || !finite_place(qx, qy))
		return -1;
	if (k >= POINTGRID_HEAP_MAX && k >= g->n / POINTGRID_HEAP_SHARE) {
		struct cand *v = xreallocarray(NULL, g->n, sizeof *v);

		for (size_t j = 0; j < g->n; j++)
			v[j] = (struct cand){ pointgrid_dist2(g->x[j],
			    g->y[j], qx, qy), g->order[j] };
		select_kth(v, g->n, k);
		*out = v[k];
		free(v);
		return 0;
	}
	best.cap = k + 1;
	best.n = 0;
	best.h = xreallocarray(NULL, best.cap, sizeof *best.h);
	kth_by_rings(g, qx, qy, &best);
	*out = best.h[0];
	free(best.h);
	return 0;
}

size_t
pointgrid_nearest(const struct pointgrid *g, double qx, double qy)
{
	struct cand c;

	/* a scan keeps d < HUGE_VAL only: an infinite distance never wins */
	if (kth(g, qx, qy, 0, &c) < 0 || !(c.d < HUGE_VAL))
		return SIZE_MAX;
	return c.i;
}

size_t
pointgrid_kth(const struct pointgrid *g, double qx, double qy, size_t k)
{
	struct cand c;

	return kth(g, qx, qy, k, &c) < 0 ? SIZE_MAX : c.i;
}
