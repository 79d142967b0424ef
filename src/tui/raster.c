/*
 * raster.c - a map's points onto a canvas (see raster.h).
 *
 * Both ways go through a sheet: a raster of whole dots (canvas.h: a
 * point's sheet dot depends on the zoom alone) holding per dot the
 * strongest role of the discs over it, which is all a cell needs (its
 * dots, and the strongest role among them).  A sheet is made in two
 * passes.  The points first: each one only raises, at its centre dot,
 * the strongest role of its radius (a byte per radius in `centre`), so
 * a million points cost a million byte updates, not twenty million dots
 * of discs; the points come in grid order, neighbours in the map being
 * neighbours in memory, which keeps those updates in cache.  Then the
 * centres: each dot with points stamps one disc per radius present, with
 * that radius' strongest role.  A disc of the dots' precedence drawn per
 * point, as canvas_disc() would, gives the same roles dot for dot.
 *
 * The whole map's sheet covers the points' box at the view's zoom (and
 * a disc's radius around it); it is kept while the zoom, the canvas's
 * size, the grid and the looks stay, and each rebuild copies the
 * canvas's window of it: since canvas_dots_of() moves every point by the
 * same whole dots, a pan or a cursor move costs the canvas's dots, not
 * the points.  It is made only when it pays: the view holds at least
 * half the points (else the buckets in view cost less than a pass over
 * all of them) and the sheet is not too large (RASTER_SHEET_MAX_DOTS).
 * Otherwise the view's sheet covers the canvas alone, from the points of
 * the buckets that may reach it (pointgrid_range() over its world box),
 * made again at every rebuild: the cost is the points in view, which is
 * what a view zoomed in has.
 *
 * Computers in view, for the status line: counted while the view's sheet
 * is made; with the whole map's, by buckets, a bucket whose points' box
 * lies wholly on (or off) the canvas at once, the others point by point.
 */
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "tui/raster.h"

/* the largest disc's radius: the margin every sheet keeps */
#define MAXR	CANVAS_MAX_RADIUS

_Static_assert(MAXR < 4, "a byte per radius in the four of a centre");

/* Dots of margin around the canvas for the buckets that may reach it:
 * the largest disc and rounding. */
#define RASTER_MARGIN	(MAXR + 2)

/* The points' box of dots, and the canvas's, in sheet dots. */
struct dotbox {
	int64_t	x0, y0, x1, y1;		/* inclusive */
};

/* The buckets that may reach the canvas: its world box and a margin. */
static int
canvas_buckets(const struct pointgrid *g, const struct canvas_dots *d,
    int w, int h, int *bx0, int *by0, int *bx1, int *by1)
{
	double x0 = d->ox + (double)(-RASTER_MARGIN - d->tx) / d->s;
	double x1 = d->ox + (double)(w + RASTER_MARGIN - d->tx) / d->s;
	double y0 = d->oy - (double)(h + RASTER_MARGIN - d->ty) / d->s;
	double y1 = d->oy - (double)(-RASTER_MARGIN - d->ty) / d->s;

	return pointgrid_range(g, x0, y0, x1, y1, bx0, by0, bx1, by1);
}

/* A sheet whose centres may lie in box c (discs fit around them). */
static void
sheet_size(struct raster_sheet *sh, const struct dotbox *c)
{
	size_t n;

	sh->x0 = c->x0 - MAXR;
	sh->y0 = c->y0 - MAXR;
	sh->w = (int)(c->x1 - c->x0 + 1 + 2 * MAXR);
	sh->h = (int)(c->y1 - c->y0 + 1 + 2 * MAXR);
	n = (size_t)sh->w * (size_t)sh->h;
	if (n > sh->cap) {
		sh->role = xreallocarray(sh->role, n, sizeof *sh->role);
		sh->centre = xreallocarray(sh->centre, n, sizeof *sh->centre);
		sh->cap = n;
	}
	memset(sh->role, CANVAS_EMPTY, n * sizeof *sh->role);
	memset(sh->centre, 0, n * sizeof *sh->centre);
}

/*
 * The points of bucket rows by0..by1, columns bx0..bx1, into the
 * centres of sheet sh (those centred outside it but for the margin are
 * left out: their discs miss it).  Returns how many are centred in
 * box `in`.
 */
static size_t
sheet_points(struct raster_sheet *sh, const struct canvas_dots *d,
    const struct pointgrid *g, const uint8_t *looks, const int bb[4],
    const struct dotbox *in)
{
	uint64_t w = (uint64_t)sh->w - 2 * MAXR, h = (uint64_t)sh->h - 2 * MAXR;
	size_t n = 0;

	for (int by = bb[1]; by <= bb[3]; by++) {
		size_t row = (size_t)by * (size_t)g->gw;

		for (size_t j = g->start[row + (size_t)bb[0]];
		    j < g->start[row + (size_t)bb[2] + 1]; j++) {
			uint8_t role = RASTER_LOOK_ROLE(looks[j]);
			unsigned rad = RASTER_LOOK_RADIUS(looks[j]);
			uint8_t *c;
			int64_t x, y;

			if (canvas_sheet_dot(d, g->x[j], g->y[j], &x, &y) < 0)
				continue;
			n += x >= in->x0 && x <= in->x1 && y >= in->y0 &&
			    y <= in->y1;
			/* unsigned: one test for either side */
			if ((uint64_t)(x - sh->x0 - MAXR) >= w ||
			    (uint64_t)(y - sh->y0 - MAXR) >= h)
				continue;
			rad = rad > MAXR ? MAXR : rad;
			c = &sh->centre[(size_t)(y - sh->y0) * (size_t)sh->w +
			    (size_t)(x - sh->x0)][rad];
			/* no branch: roles come in no order to predict */
			*c = role > *c ? role : *c;
		}
	}
	return n;
}

/* The whole map's points into the centres of the sheet made for their
 * box (whole_ready()): every point falls in it, so no test is needed,
 * and this loop is a zoom's cost at a million points. */
static void
sheet_all_points(struct raster_sheet *sh, const struct canvas_dots *d,
    const struct pointgrid *g, const uint8_t *looks)
{
	/* canvas_sheet_dot()'s arithmetic, less its range test */
	double ox = d->ox, oy = d->oy, s = d->s;
	int64_t x0 = sh->x0, y0 = sh->y0;
	size_t w = (size_t)sh->w;

	for (size_t j = 0; j < g->n; j++) {
		uint8_t role = RASTER_LOOK_ROLE(looks[j]);
		unsigned rad = RASTER_LOOK_RADIUS(looks[j]);
		int64_t x = canvas_floor((g->x[j] - ox) * s) - x0;
		int64_t y = canvas_floor((oy - g->y[j]) * s) - y0;
		uint8_t *c = &sh->centre[(size_t)y * w + (size_t)x]
		    [rad > MAXR ? MAXR : rad];

		*c = role > *c ? role : *c;
	}
}

/* The discs of the centres, per radius the strongest role there. */
static void
sheet_stamp(struct raster_sheet *sh)
{
	ptrdiff_t off[MAXR + 1][(2 * MAXR + 1) * (2 * MAXR + 1)];
	int noff[MAXR + 1];

	/* each radius' disc as offsets in the sheet, canvas_disc_half()'s */
	for (int r = 0; r <= MAXR; r++) {
		noff[r] = 0;
		for (int dy = -r; dy <= r; dy++)
			for (int dx = -canvas_disc_half(r, dy);
			    dx <= canvas_disc_half(r, dy); dx++)
				off[r][noff[r]++] = (ptrdiff_t)dy * sh->w + dx;
	}
	for (int y = MAXR; y < sh->h - MAXR; y++)
		for (int x = MAXR; x < sh->w - MAXR; x++) {
			size_t i = (size_t)y * (size_t)sh->w + (size_t)x;
			const uint8_t *c = sh->centre[i];
			uint32_t any;

			memcpy(&any, c, sizeof any);
			if (any == 0)
				continue;
			for (int r = 0; r <= MAXR; r++) {
				uint8_t role = c[r], *p;

				if (role == CANVAS_EMPTY)
					continue;
				for (int k = 0; k < noff[r]; k++) {
					p = sh->role + i + off[r][k];
					if (role > *p)
						*p = role;
				}
			}
		}
}

/* The canvas's window of a sheet. */
static void
sheet_blit(const struct raster_sheet *sh, struct canvas *c,
    const struct canvas_dots *d)
{
	int w = c->cols * CANVAS_DOTS_X, h = c->rows * CANVAS_DOTS_Y;
	/* canvas dots a .. b - 1 of a row are its sheet dots from a - left */
	int64_t left = d->tx + sh->x0, top = d->ty + sh->y0;
	int64_t a = left > 0 ? left : 0;
	int64_t b = left + sh->w < w ? left + sh->w : w;

	if (a >= b)
		return;
	for (int y = 0; y < h; y++) {
		int64_t sy = y - top;

		if (sy < 0 || sy >= sh->h)
			continue;
		canvas_set_row(c, y, (int)a, sh->role + (size_t)sy *
		    (size_t)sh->w + (size_t)(a - left), (int)(b - a));
	}
}

/* The canvas (w x h dots) in sheet dots. */
static struct dotbox
canvas_box(const struct canvas_dots *d, int w, int h)
{
	return (struct dotbox){ -d->tx, -d->ty, w - 1 - d->tx, h - 1 - d->ty };
}

/* The view's buckets onto the canvas; returns the points in view. */
static size_t
draw_view(struct raster *r, struct canvas *c, const struct canvas_dots *d,
    const struct pointgrid *g, const uint8_t *looks, int vw, int vh)
{
	int w = c->cols * CANVAS_DOTS_X, h = c->rows * CANVAS_DOTS_Y;
	struct dotbox in = canvas_box(d, vw, vh);
	/* centres up to a radius off the canvas still reach it */
	struct dotbox reach = { -d->tx - MAXR, -d->ty - MAXR,
	    w - 1 - d->tx + MAXR, h - 1 - d->ty + MAXR };
	int bb[4];
	size_t n;

	if (w == 0 || h == 0 || canvas_buckets(g, d, vw > w ? vw : w,
	    vh > h ? vh : h, &bb[0], &bb[1], &bb[2], &bb[3]) < 0)
		return 0;
	sheet_size(&r->view, &reach);
	n = sheet_points(&r->view, d, g, looks, bb, &in);
	sheet_stamp(&r->view);
	sheet_blit(&r->view, c, d);
	return n;
}

/* Where the points' box lies on a w x h canvas: 1 wholly on it, -1
 * wholly off it, 0 across an edge. */
static int
box_on(const struct canvas_dots *d, double x0, double y0, double x1,
    double y1, int w, int h)
{
	int64_t ax, ay, bx, by;

	/* the top left corner, then the bottom right one */
	if (canvas_dots_of(d, x0, y1, &ax, &ay) < 0 ||
	    canvas_dots_of(d, x1, y0, &bx, &by) < 0)
		return 0;
	if (ax >= 0 && ay >= 0 && bx < w && by < h)
		return 1;
	if (bx < 0 || by < 0 || ax >= w || ay >= h)
		return -1;
	return 0;
}

static size_t
count_inview(const struct canvas_dots *d, const struct pointgrid *g, int w,
    int h)
{
	int bx0, by0, bx1, by1;
	size_t n = 0;

	if (box_on(d, g->minx, g->miny, g->maxx, g->maxy, w, h) == 1)
		return g->n;
	if (canvas_buckets(g, d, w, h, &bx0, &by0, &bx1, &by1) < 0)
		return 0;
	for (int by = by0; by <= by1; by++)
		for (int bx = bx0; bx <= bx1; bx++) {
			size_t b = (size_t)by * (size_t)g->gw + (size_t)bx;
			const struct pointgrid_box *k = &g->box[b];
			int on;

			if (k->x0 > k->x1)
				continue;
			on = box_on(d, k->x0, k->y0, k->x1, k->y1, w, h);
			if (on != 0) {
				n += on > 0 ? g->start[b + 1] - g->start[b] : 0;
				continue;
			}
			for (size_t j = g->start[b]; j < g->start[b + 1]; j++) {
				int64_t x, y;

				if (canvas_dots_of(d, g->x[j], g->y[j], &x,
				    &y) == 0 && x >= 0 && y >= 0 && x < w &&
				    y < h)
					n++;
			}
		}
	return n;
}

/* The points in the buckets that may reach the canvas: the estimate
 * that decides for the whole map's sheet, a row of buckets at a time. */
static size_t
estimate_inview(const struct canvas_dots *d, const struct pointgrid *g,
    int w, int h)
{
	int bx0, by0, bx1, by1;
	size_t n = 0;

	if (canvas_buckets(g, d, w, h, &bx0, &by0, &bx1, &by1) < 0)
		return 0;
	for (int by = by0; by <= by1; by++) {
		size_t row = (size_t)by * (size_t)g->gw;

		n += g->start[row + (size_t)bx1 + 1] -
		    g->start[row + (size_t)bx0];
	}
	return n;
}

/* The whole map's sheet for this view: kept, made now, or -1 when it
 * does not pay or would be too large. */
static int
whole_ready(struct raster *r, const struct canvas_dots *d,
    const struct pointgrid *g, const uint8_t *looks, unsigned long looks_gen,
    int vw, int vh, enum raster_way way)
{
	struct dotbox pts;
	size_t est;

	if (r->valid && r->grid == g && r->looks_gen == looks_gen &&
	    r->at.ox == d->ox && r->at.oy == d->oy && r->at.s == d->s)
		return 0;
	if (g->n == 0)
		return -1;
	if (way == RASTER_AUTO) {
		est = estimate_inview(d, g, vw, vh);
		if (est < RASTER_SHEET_MIN_POINTS || est < g->n - est)
			return -1;
	}
	/* the points' box in sheet dots: every point's dot lies in it */
	if (canvas_sheet_dot(d, g->minx, g->maxy, &pts.x0, &pts.y0) < 0 ||
	    canvas_sheet_dot(d, g->maxx, g->miny, &pts.x1, &pts.y1) < 0 ||
	    pts.x1 - pts.x0 >= RASTER_SHEET_MAX_DOTS ||
	    pts.y1 - pts.y0 >= RASTER_SHEET_MAX_DOTS ||
	    (pts.x1 - pts.x0 + 1 + 2 * MAXR) *
	    (pts.y1 - pts.y0 + 1 + 2 * MAXR) > RASTER_SHEET_MAX_DOTS)
		return -1;
	r->valid = 0;
	sheet_size(&r->whole, &pts);
	sheet_all_points(&r->whole, d, g, looks);
	sheet_stamp(&r->whole);
	r->valid = 1;
	r->at = *d;
	r->grid = g;
	r->looks_gen = looks_gen;
	return 0;
}

size_t
raster_draw(struct raster *r, struct canvas *c, const struct canvas_view *v,
    const struct pointgrid *g, const uint8_t *looks, unsigned long looks_gen,
    enum raster_way way)
{
	struct canvas_dots d;

	canvas_view_dots(v, &d);
	canvas_clear(c);
	if (way != RASTER_BUCKETS && whole_ready(r, &d, g, looks, looks_gen,
	    v->wdots, v->hdots, way) == 0) {
		sheet_blit(&r->whole, c, &d);
		return count_inview(&d, g, v->wdots, v->hdots);
	}
	return draw_view(r, c, &d, g, looks, v->wdots, v->hdots);
}

static void
sheet_free(struct raster_sheet *sh)
{
	free(sh->role);
	free(sh->centre);
}

void
raster_free(struct raster *r)
{
	sheet_free(&r->whole);
	sheet_free(&r->view);
	memset(r, 0, sizeof *r);
}
