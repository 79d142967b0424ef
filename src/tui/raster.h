/*
 * raster.h - a map's points onto a canvas, at a million points: a view
 * visits only the buckets in it, and a view that shows most of the map
 * is cut from a raster of the whole map at its zoom (the sheet), built
 * once per zoom and looks, so that a pan or a cursor move does not
 * rasterise the points again.
 *
 * Each point has a look in grid order (pointgrid.h): its role (canvas.h;
 * never CANVAS_SELECTED, which the caller draws over the result, see
 * mapview.c) and its disc radius (at most CANVAS_MAX_RADIUS).  The
 * result is the canvas a disc per point at canvas_dots_of() would give,
 * dot for dot and role for role (a sheet dot keeps the strongest role
 * over it, as a cell does): the unit test test_raster compares them.
 *
 * Call order: raster_draw() for each rebuild, with a looks_gen that
 * changes whenever the looks do (the sheet is kept while the transform,
 * the grid and looks_gen stay), raster_free() at the end.  A zeroed
 * struct raster is empty; it owns its sheet.  No curses.
 */
#ifndef FLOWMAP_TUI_RASTER_H
#define FLOWMAP_TUI_RASTER_H

#include <stddef.h>
#include <stdint.h>

#include "tui/canvas.h"
#include "tui/pointgrid.h"

/* A point's look: role in the low four bits, disc radius above. */
#define RASTER_LOOK(role, radius)	((uint8_t)((role) | (radius) << 4))
#define RASTER_LOOK_ROLE(look)		((look) & 0x0f)
#define RASTER_LOOK_RADIUS(look)	((look) >> 4)

/* The sheet of the whole map is built when the view holds at least half
 * the points and RASTER_SHEET_MIN_POINTS, in at most RASTER_SHEET_MAX_DOTS
 * (five bytes each); else the view's buckets are rasterised at every
 * rebuild. */
#define RASTER_SHEET_MIN_POINTS	32768
#define RASTER_SHEET_MAX_DOTS	(1 << 22)

/* How raster_draw() goes about it: its choice, or one way (the test). */
enum raster_way {
	RASTER_AUTO,
	RASTER_BUCKETS,
	RASTER_SHEET		/* when the sheet fits, else buckets */
};

/* A raster of sheet dots x0 .. x0 + w - 1, y0 .. y0 + h - 1: the
 * strongest role per dot, and the discs' centres that made it (per dot
 * the strongest role of the points centred there, a byte per radius). */
struct raster_sheet {
	uint8_t		*role;
	uint8_t		(*centre)[4];	/* per dot, per radius */
	size_t		 cap;
	int64_t		 x0, y0;
	int		 w, h;
};

struct raster {
	struct raster_sheet whole;	/* the whole map, kept */
	struct raster_sheet view;	/* the view's buckets, every time */
	int		 valid;		/* whole is what `at` etc. say */
	struct canvas_dots at;
	const struct pointgrid *grid;
	unsigned long	 looks_gen;
};

/*
 * Clear canvas c and draw the points of g with their looks (grid order)
 * in view v (c is v->wdots x v->hdots dots).  Returns the number of
 * points whose dot is on the canvas.
 */
size_t	raster_draw(struct raster *r, struct canvas *c,
	    const struct canvas_view *v, const struct pointgrid *g,
	    const uint8_t *looks, unsigned long looks_gen, enum raster_way way);
void	raster_free(struct raster *r);

#endif
