/*
 * canvas.c - the braille raster (see canvas.h).
 *
 * Unicode numbers the eight dots of a braille cell down the left column
 * (1, 2, 3), down the right column (4, 5, 6), then the bottom row (7, 8),
 * for historical reasons: dot n is bit n-1 of the offset from U+2800.
 * canvas_dot_bit() is the one place that knows this.
 *
 * Invariant: a cell's role is CANVAS_EMPTY exactly when its bits are 0.
 * The raster is rebuilt when the view or the data changes; drawing a
 * frame only reads it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "tui/canvas.h"

/* bit of dot (column, row) of a cell, per the Unicode braille layout */
static const uint8_t braille_bit[CANVAS_DOTS_Y][CANVAS_DOTS_X] = {
	{ 0x01, 0x08 },
	{ 0x02, 0x10 },
	{ 0x04, 0x20 },
	{ 0x40, 0x80 },
};

/* ASCII by density: the glyph for n dots set is ascii_density[n]. */
static const char ascii_density[CANVAS_DOTS_X * CANVAS_DOTS_Y + 1] =
	" .::oo###";

unsigned
canvas_dot_bit(int dx, int dy)
{
	if (dx < 0 || dx >= CANVAS_DOTS_X || dy < 0 || dy >= CANVAS_DOTS_Y)
		return 0;
	return braille_bit[dy][dx];
}

void
canvas_resize(struct canvas *c, int cols, int rows)
{
	size_t n;

	if (cols < 0)
		cols = 0;
	if (rows < 0)
		rows = 0;
	n = xmul((size_t)cols, (size_t)rows);
	c->bits = xreallocarray(c->bits, n, 1);
	c->role = xreallocarray(c->role, n, 1);
	c->cols = cols;
	c->rows = rows;
	canvas_clear(c);
}

void
canvas_free(struct canvas *c)
{
	free(c->bits);
	free(c->role);
	*c = (struct canvas){0};
}

void
canvas_clear(struct canvas *c)
{
	size_t n = (size_t)c->cols * (size_t)c->rows;

	if (n == 0)
		return;
	memset(c->bits, 0, n);
	memset(c->role, CANVAS_EMPTY, n);
}

/* Set dot (x, y), known to be on the canvas, with a role (not EMPTY). */
static inline void
dot_in(struct canvas *c, int x, int y, enum canvas_role role)
{
	size_t i = (size_t)(y / CANVAS_DOTS_Y) * (size_t)c->cols +
	    (size_t)(x / CANVAS_DOTS_X);

	c->bits[i] |= braille_bit[y % CANVAS_DOTS_Y][x % CANVAS_DOTS_X];
	if (role > c->role[i])
		c->role[i] = (uint8_t)role;
}

void
canvas_set_dot(struct canvas *c, int x, int y, enum canvas_role role)
{
	if (x < 0 || y < 0 || x >= c->cols * CANVAS_DOTS_X ||
	    y >= c->rows * CANVAS_DOTS_Y || role == CANVAS_EMPTY)
		return;
	dot_in(c, x, y, role);
}

/* A row of a raster of the whole map (raster.c) onto the canvas, known
 * to lie on it: the loop of every pan at a million points, so no per-dot
 * bounds test. */
void
canvas_set_row(struct canvas *c, int y, int x0, const uint8_t *role, int n)
{
	for (int k = 0; k < n; k++)
		if (role[k] != CANVAS_EMPTY)
			dot_in(c, x0 + k, y, (enum canvas_role)role[k]);
}

/* The dots within r of the centre, with r / 2 of slack so that the
 * small discs look round rather than like a plus. */
int
canvas_disc_half(int r, int dy)
{
	int w = -1;

	if (r < 0)
		r = 0;
	if (dy < -r || dy > r)
		return -1;
	while (w < r && (w + 1) * (w + 1) + dy * dy <= r * r + r / 2)
		w++;
	return w;
}

/*
 * A rebuild draws a disc per point in view (raster.c); a point of radius
 * 0, most of them, is one dot; a disc wholly inside the canvas skips the
 * per-dot bounds test, one wholly outside costs one test.
 */
void
canvas_disc(struct canvas *c, int x, int y, int r, enum canvas_role role)
{
	int w = c->cols * CANVAS_DOTS_X, h = c->rows * CANVAS_DOTS_Y;
	int inside;

	if (r < 0)
		r = 0;
	if (role == CANVAS_EMPTY || x + r < 0 || y + r < 0 || x - r >= w ||
	    y - r >= h)
		return;
	inside = x - r >= 0 && y - r >= 0 && x + r < w && y + r < h;
	if (r == 0) {
		dot_in(c, x, y, role);
		return;
	}
	for (int dy = -r; dy <= r; dy++) {
		int half = canvas_disc_half(r, dy);

		for (int dx = -half; dx <= half; dx++) {
			if (inside)
				dot_in(c, x + dx, y + dy, role);
			else
				canvas_set_dot(c, x + dx, y + dy, role);
		}
	}
}

static int
cell_index(const struct canvas *c, int col, int row, size_t *i)
{
	if (col < 0 || row < 0 || col >= c->cols || row >= c->rows)
		return -1;
	*i = (size_t)row * (size_t)c->cols + (size_t)col;
	return 0;
}

int
canvas_cell_dots(const struct canvas *c, int col, int row)
{
	size_t i;
	int n = 0;

	if (cell_index(c, col, row, &i) < 0)
		return 0;
	for (unsigned b = c->bits[i]; b != 0; b &= b - 1)
		n++;
	return n;
}

enum canvas_role
canvas_cell_role(const struct canvas *c, int col, int row)
{
	size_t i;

	if (cell_index(c, col, row, &i) < 0)
		return CANVAS_EMPTY;
	return (enum canvas_role)c->role[i];
}

uint32_t
canvas_glyph(const struct canvas *c, int col, int row,
    enum canvas_style style, int letters)
{
	size_t i;

	if (cell_index(c, col, row, &i) < 0 || c->bits[i] == 0)
		return 0;
	if (letters) {
		switch (c->role[i]) {
		case CANVAS_RED:	return CANVAS_GLYPH_SERVE;
		case CANVAS_GREEN:	return CANVAS_GLYPH_QUERY;
		case CANVAS_BLUE:	return CANVAS_GLYPH_BOTH;
		case CANVAS_MARKED:	return CANVAS_GLYPH_MARKED;
		case CANVAS_CHOSEN:	return CANVAS_GLYPH_CHOSEN;
		case CANVAS_MATCH:	return CANVAS_GLYPH_MATCH;
		default:		break;
		}
	}
	if (style == CANVAS_ASCII)
		return (uint32_t)(unsigned char)
		    ascii_density[canvas_cell_dots(c, col, row)];
	return CANVAS_BRAILLE_BASE + c->bits[i];
}

int
canvas_radius(uint64_t bytes, double lmin, double lmax)
{
	double l = log1p((double)bytes), t;

	if (!(lmax > lmin))
		return 0;
	t = (l - lmin) / (lmax - lmin);
	if (t < 0)
		t = 0;
	if (t > 1)
		t = 1;
	/* Only the top of the range grows: most computers stay one dot. */
	return (int)floor(t * CANVAS_MAX_RADIUS + 0.25);
}

void
canvas_view_init(struct canvas_view *v, double minx, double maxx,
    double miny, double maxy, int wdots, int hdots)
{
	v->minx = minx;
	v->maxx = maxx;
	v->miny = miny;
	v->maxy = maxy;
	canvas_view_reset(v);
	canvas_view_resize(v, wdots, hdots);
}

void
canvas_view_reset(struct canvas_view *v)
{
	v->cx = (v->minx + v->maxx) / 2;
	v->cy = (v->miny + v->maxy) / 2;
	v->zoom = 1;
}

void
canvas_view_resize(struct canvas_view *v, int wdots, int hdots)
{
	/* A margin of a few dots keeps the outermost discs whole. */
	const double margin = 2 * CANVAS_MAX_RADIUS + 1;
	double w = v->maxx - v->minx, h = v->maxy - v->miny, sx, sy;

	v->wdots = wdots > 0 ? wdots : 1;
	v->hdots = hdots > 0 ? hdots : 1;
	sx = (v->wdots - margin > 1 ? v->wdots - margin : 1) / (w > 0 ? w : 1);
	sy = (v->hdots - margin > 1 ? v->hdots - margin : 1) / (h > 0 ? h : 1);
	v->scale = sx < sy ? sx : sy;
}

void
canvas_view_dots(const struct canvas_view *v, struct canvas_dots *d)
{
	double s = v->scale * v->zoom;
	/* canvas_view_world_to_dot() of the corner, rounded; clamped so that
	 * a view far off the map still converts (nothing lands on it) */
	double tx = nearbyint(v->wdots / 2.0 + (v->minx - v->cx) * s);
	double ty = nearbyint(v->hdots / 2.0 - (v->maxy - v->cy) * s);

	d->ox = v->minx;
	d->oy = v->maxy;
	d->s = s;
	d->tx = (int64_t)fmax(-CANVAS_DOTS_FAR, fmin(CANVAS_DOTS_FAR, tx));
	d->ty = (int64_t)fmax(-CANVAS_DOTS_FAR, fmin(CANVAS_DOTS_FAR, ty));
}

void
canvas_view_world_to_dot(const struct canvas_view *v, double x, double y,
    double *dx, double *dy)
{
	double s = v->scale * v->zoom;

	*dx = v->wdots / 2.0 + (x - v->cx) * s;
	*dy = v->hdots / 2.0 - (y - v->cy) * s;
}

void
canvas_view_dot_to_world(const struct canvas_view *v, double dx, double dy,
    double *x, double *y)
{
	double s = v->scale * v->zoom;

	*x = v->cx + (dx - v->wdots / 2.0) / s;
	*y = v->cy - (dy - v->hdots / 2.0) / s;
}

/* The zoom factor within [CANVAS_ZOOM_MIN, CANVAS_ZOOM_MAX]. */
static double
zoom_clamp(double z)
{
	if (!(z >= CANVAS_ZOOM_MIN))	/* NaN too */
		return CANVAS_ZOOM_MIN;
	return z > CANVAS_ZOOM_MAX ? CANVAS_ZOOM_MAX : z;
}

void
canvas_view_zoom_at(struct canvas_view *v, double factor, double dx,
    double dy)
{
	double wx, wy, z = zoom_clamp(v->zoom * factor), s;

	canvas_view_dot_to_world(v, dx, dy, &wx, &wy);
	v->zoom = z;
	s = v->scale * v->zoom;
	v->cx = wx - (dx - v->wdots / 2.0) / s;
	v->cy = wy + (dy - v->hdots / 2.0) / s;
}

void
canvas_view_pan(struct canvas_view *v, double ddx, double ddy)
{
	double s = v->scale * v->zoom;

	v->cx += ddx / s;
	v->cy -= ddy / s;
}

void
canvas_view_follow(struct canvas_view *v, double x, double y, double zoom)
{
	v->cx = x;
	v->cy = y;
	v->zoom = zoom_clamp(zoom);
}

void
canvas_view_fit(struct canvas_view *v, double x0, double y0, double x1,
    double y1)
{
	/* the same margin as the whole map's fit: discs at the edge whole */
	const double margin = 2 * CANVAS_MAX_RADIUS + 1;
	double w = fabs(x1 - x0), h = fabs(y1 - y0), zx, zy;
	double aw = v->wdots - margin > 1 ? v->wdots - margin : 1;
	double ah = v->hdots - margin > 1 ? v->hdots - margin : 1;

	zx = w > 0 ? aw / (w * v->scale) : CANVAS_ZOOM_MAX;
	zy = h > 0 ? ah / (h * v->scale) : CANVAS_ZOOM_MAX;
	canvas_view_follow(v, (x0 + x1) / 2, (y0 + y1) / 2, zx < zy ? zx : zy);
}
