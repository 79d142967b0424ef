/*
 * canvas.h - the braille raster of the map: points in, cells out.
 *
 * A canvas is a grid of terminal cells; each cell holds CANVAS_DOTS_X x
 * CANVAS_DOTS_Y dots (a Unicode braille character, U+2800 plus one bit per
 * dot) and one role.  A cell can only have one colour, so the role of a
 * cell is the strongest role of the dots set in it, in the order of enum
 * canvas_role (selected > match > chosen > marked > blue > red > green >
 * plain).
 *
 * The view (struct canvas_view) maps world coordinates of the embedding to
 * dot coordinates: an isotropic scale (a braille dot is about square), the
 * world point shown at the middle of the canvas, and a zoom factor over
 * the scale that fits the whole map.  Dot y grows downwards, world y up.
 *
 * Nothing here knows curses: the views turn cells into glyphs with
 * canvas_glyph() and draw them.  Call order: canvas_resize() (also to
 * create; a zeroed struct canvas is empty), canvas_clear(), canvas_disc()
 * for each point (or canvas_set_row() for rows of dots rasterised
 * elsewhere: raster.h does both for a whole map), then read cells with
 * canvas_glyph(); canvas_free() at the end.  The canvas owns its arrays.
 */
#ifndef FLOWMAP_TUI_CANVAS_H
#define FLOWMAP_TUI_CANVAS_H

#include <stddef.h>
#include <stdint.h>

#define CANVAS_DOTS_X		2	/* braille dots across a cell */
#define CANVAS_DOTS_Y		4	/* braille dots down a cell */
#define CANVAS_BRAILLE_BASE	0x2800u	/* U+2800, the empty braille cell */
#define CANVAS_MAX_RADIUS	2	/* disc radius in dots of the busiest */

/* Roles of a dot, weakest first: a cell shows its strongest one. */
enum canvas_role {
	CANVAS_EMPTY,
	CANVAS_PLAIN,		/* no port selected, or no flows on it */
	CANVAS_GREEN,		/* only outgoing flows on the port: queries it */
	CANVAS_RED,		/* only incoming flows on the port: serves it */
	CANVAS_BLUE,		/* both */
	CANVAS_MARKED,		/* carries a mark label (--mark) */
	CANVAS_CHOSEN,		/* in the selection (a cluster, a box, ...) */
	CANVAS_MATCH,		/* matches the last search */
	CANVAS_SELECTED,	/* the computer under the cursor */
	CANVAS_NROLES
};

struct canvas {
	int		 cols, rows;	/* in cells */
	uint8_t		*bits;		/* per cell: braille dot bits */
	uint8_t		*role;		/* per cell: enum canvas_role */
};

struct canvas_view {
	double	minx, maxx, miny, maxy;	/* the world box of the whole map */
	double	cx, cy;		/* world point at the canvas middle */
	double	scale;		/* dots per world unit at zoom 1 (fits the map) */
	double	zoom;
	int	wdots, hdots;	/* canvas size in dots */
};

/* How canvas_glyph() renders a cell. */
enum canvas_style {
	CANVAS_BRAILLE,		/* U+28xx */
	CANVAS_ASCII		/* '.', ':', 'o', '#' by the number of dots */
};

void	canvas_resize(struct canvas *c, int cols, int rows);
void	canvas_free(struct canvas *c);
void	canvas_clear(struct canvas *c);
/* Set dot (x, y) with a role; dots outside the canvas are ignored. */
void	canvas_set_dot(struct canvas *c, int x, int y, enum canvas_role role);
/* A disc of radius r dots around (x, y), clipped at the edges; r 0 = a dot. */
void	canvas_disc(struct canvas *c, int x, int y, int r, enum canvas_role role);
/* The disc's shape, the one definition of it: row dy of a disc of radius
 * r spans dots x - w .. x + w for w = canvas_disc_half(r, dy); -1 when
 * the row is outside the disc. */
int	canvas_disc_half(int r, int dy);
/* Dots x0 .. x0 + n - 1 of dot row y (all on the canvas) with the roles
 * in role[0 .. n) (CANVAS_EMPTY: that dot is left as it is). */
void	canvas_set_row(struct canvas *c, int y, int x0, const uint8_t *role,
	    int n);
/* The bit of dot (dx, dy) of a cell, dx < CANVAS_DOTS_X, dy < CANVAS_DOTS_Y. */
unsigned canvas_dot_bit(int dx, int dy);
/* Number of dots set in cell (col, row). */
int	canvas_cell_dots(const struct canvas *c, int col, int row);
enum canvas_role canvas_cell_role(const struct canvas *c, int col, int row);
/*
 * The character of cell (col, row), 0 when the cell is empty.  With
 * `letters` (no colours to tell roles apart), red, green and blue cells
 * become CANVAS_GLYPH_SERVE, _QUERY and _BOTH, and marked, chosen and
 * matching cells _MARKED, _CHOSEN and _MATCH.
 */
#define CANVAS_GLYPH_SERVE	'S'
#define CANVAS_GLYPH_QUERY	'Q'
#define CANVAS_GLYPH_BOTH	'B'
#define CANVAS_GLYPH_MARKED	'M'
#define CANVAS_GLYPH_CHOSEN	'*'
#define CANVAS_GLYPH_MATCH	'@'
uint32_t canvas_glyph(const struct canvas *c, int col, int row,
	    enum canvas_style style, int letters);

/*
 * Disc radius for a computer of `bytes` total bytes, when log1p(bytes) over
 * the map runs from lmin to lmax: 0 (one dot) .. CANVAS_MAX_RADIUS.
 */
int	canvas_radius(uint64_t bytes, double lmin, double lmax);

/*
 * The raster's whole dots.  A point's dot is its *sheet dot*, a function
 * of the zoom alone (the world box's corner minx, maxy is sheet dot 0, 0),
 * plus the view's offset (tx, ty), a whole number of dots: the offset that
 * rounds canvas_view_world_to_dot() best.  So a pan moves every point by
 * the same whole dots, and a raster of the whole map at one zoom (raster.h)
 * serves every pan; the picture is the continuous view's, shifted by at
 * most half a dot.  Everything that must land on the same cell as a point
 * (the raster, the cursor, the selected computer's name) goes through
 * canvas_dots_of().
 */
struct canvas_dots {
	double	ox, oy;		/* the world point of sheet dot (0, 0) */
	double	s;		/* dots per world unit, zoom included */
	int64_t	tx, ty;		/* the canvas dot of sheet dot (0, 0) */
};

/* Beyond this many dots from sheet dot 0 a point counts as far away. */
#define CANVAS_DOTS_FAR		4.0e15

void	canvas_view_dots(const struct canvas_view *v, struct canvas_dots *d);

/* floor(a) for |a| < CANVAS_DOTS_FAR, without a call to libm. */
static inline int64_t
canvas_floor(double a)
{
	int64_t i = (int64_t)a;

	return i - (a < (double)i);
}

/* The sheet dot of world point (x, y); -1 when far away or not finite. */
static inline int
canvas_sheet_dot(const struct canvas_dots *d, double x, double y,
    int64_t *sx, int64_t *sy)
{
	double a = (x - d->ox) * d->s, b = (d->oy - y) * d->s;

	if (!(a > -CANVAS_DOTS_FAR && a < CANVAS_DOTS_FAR &&
	    b > -CANVAS_DOTS_FAR && b < CANVAS_DOTS_FAR))
		return -1;
	*sx = canvas_floor(a);
	*sy = canvas_floor(b);
	return 0;
}

/* The canvas dot of world point (x, y); -1 when far away. */
static inline int
canvas_dots_of(const struct canvas_dots *d, double x, double y,
    int64_t *dx, int64_t *dy)
{
	if (canvas_sheet_dot(d, x, y, dx, dy) < 0)
		return -1;
	*dx += d->tx;
	*dy += d->ty;
	return 0;
}

/* A view of the world box, centred, at zoom 1, on a canvas of w x h dots. */
void	canvas_view_init(struct canvas_view *v, double minx, double maxx,
	    double miny, double maxy, int wdots, int hdots);
/* A new canvas size: keep centre and zoom, refit the scale to the box. */
void	canvas_view_resize(struct canvas_view *v, int wdots, int hdots);
/* Back to the whole map: centred, zoom 1. */
void	canvas_view_reset(struct canvas_view *v);
void	canvas_view_world_to_dot(const struct canvas_view *v, double x,
	    double y, double *dx, double *dy);
void	canvas_view_dot_to_world(const struct canvas_view *v, double dx,
	    double dy, double *x, double *y);
/* Multiply the zoom by factor, keeping the world point at dot (dx, dy). */
void	canvas_view_zoom_at(struct canvas_view *v, double factor, double dx,
	    double dy);
/* Move the view by (ddx, ddy) dots. */
void	canvas_view_pan(struct canvas_view *v, double ddx, double ddy);
/* Put world point (x, y) at the middle, at zoom (clamped to the range). */
void	canvas_view_follow(struct canvas_view *v, double x, double y,
	    double zoom);
/* Show the world box (corners in any order) whole, centred, as large as
 * the zoom range allows (a box of one point: the largest zoom). */
void	canvas_view_fit(struct canvas_view *v, double x0, double y0,
	    double x1, double y1);

#define CANVAS_ZOOM_MIN		0.25
#define CANVAS_ZOOM_MAX		4096.0

#endif
