/*
 * pointgrid.h - the points of one map in buckets of a fixed world grid,
 * so that a view visits only the points near it and the nearest computer
 * to the cursor is found among a few buckets.
 *
 * The map's places never move, so the grid is built once per map kind
 * and then only read.  Buckets are about square, POINTGRID_PER_BUCKET
 * points each on average over the points' box; bucket b = by * gw + bx
 * holds order[start[b] .. start[b + 1]), the numbers of its points in
 * increasing order, with their places x[], y[] in that same order (the
 * "grid order" that raster.h's looks follow).  Each bucket also keeps the
 * box of its points (empty buckets an inverted one), which bounds every
 * distance to them exactly, without slack for rounding.
 *
 * Points with a place that is not finite are left out: they are never
 * drawn nor selected.  The queries answer what a scan of every point in
 * number order would: the same distance formula (pointgrid_dist2()),
 * ties to the lowest number.
 *
 * Call order: pointgrid_build(), any queries, pointgrid_free().  The grid
 * owns its arrays; a zeroed struct pointgrid is an empty grid.  No curses.
 */
#ifndef FLOWMAP_TUI_POINTGRID_H
#define FLOWMAP_TUI_POINTGRID_H

#include <stddef.h>
#include <stdint.h>

#define POINTGRID_PER_BUCKET	8

struct pointgrid_box {
	double	x0, y0, x1, y1;	/* x0 > x1 when the bucket is empty */
};

struct pointgrid {
	size_t		 n;		/* points held (finite places) */
	int		 gw, gh;	/* buckets across and down */
	double		 minx, miny, maxx, maxy;	/* the points' box */
	double		 bw, bh;	/* a bucket's size in world units */
	uint32_t	*start;		/* gw * gh + 1 */
	uint32_t	*order;		/* n: point numbers, by bucket */
	double		*x, *y;		/* n: their places, in grid order */
	struct pointgrid_box *box;	/* gw * gh */
};

/*
 * Index points 0 .. n-1; point i's place is read at byte offset
 * i * stride from x and from y (so the caller's array of structs serves
 * as it is).  At most UINT32_MAX points.
 */
void	pointgrid_build(struct pointgrid *g, const double *x, const double *y,
	    size_t stride, size_t n);
void	pointgrid_free(struct pointgrid *g);

/* The squared distance a query compares: one formula for every caller. */
static inline double
pointgrid_dist2(double x, double y, double qx, double qy)
{
	return (x - qx) * (x - qx) + (y - qy) * (y - qy);
}

/* The buckets (bx0..bx1, by0..by1, inclusive) that may hold a point of
 * the world box; -1 when none. */
int	pointgrid_range(const struct pointgrid *g, double x0, double y0,
	    double x1, double y1, int *bx0, int *by0, int *bx1, int *by1);

/* The point nearest to (qx, qy), the lowest number among equals;
 * SIZE_MAX when the grid is empty. */
size_t	pointgrid_nearest(const struct pointgrid *g, double qx, double qy);

/* The k-th nearest point (k = 0 the nearest) in the order of (distance,
 * number); SIZE_MAX when k >= n. */
size_t	pointgrid_kth(const struct pointgrid *g, double qx, double qy,
	    size_t k);

#endif
