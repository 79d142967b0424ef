/*
 * mapview.c - the map: the raster of all computers, the cursor, the
 * selection, and the keys that move over the map.
 *
 * The cursor is a world point of the active map that moves over it
 * (h, j, k, l, the arrows, a click); the view scrolls when the cursor
 * comes within TUI_CURSOR_MARGIN cells of an edge, and H, J, K, L move
 * the view a quarter screen with the cursor.  Zooming keeps the world
 * point under the cursor fixed.  The selected computer is the nearest to
 * the cursor (Tab/S-Tab walk outwards through the next nearest ones);
 * search, Enter and the similar-computer keys centre the view on the
 * chosen one, cursor and all.  Every move is remembered (history.h): a
 * run of steps as one, each jump on its own; < and > go back and
 * forward.
 *
 * Two maps (explorer.h): the functional one (x, y) and, when the engine
 * computed it, the communications one (cx, cy), each a struct mappane
 * with its own raster and view.  Everything that moves acts on the active
 * pane; switching (`c`) re-centres the other on the selected computer at
 * the same zoom (follow()), so the selection never jumps.  In the split
 * screen the inactive pane follows the same way at every rebuild.
 *
 * Each computer has a role (enum canvas_role) from the selected port or
 * protocol bin, recomputed only when that selection changes
 * (mapopts_recolor), and a disc radius from log(total bytes), computed
 * once.  A search match, a member of the selection or a marked computer
 * takes a stronger role (canvas.h: the precedence), so what the user
 * chose shows over the port colours: that is a computer's look, kept per
 * pane in the order of its grid and made again only when the bin, the
 * selection or the matches change (looks_update()).  mapview_rebuild()
 * rasterises (raster.h: the buckets in view, or the window of a raster
 * of the whole map at this zoom), then draws the selected computer over
 * it; mapview_draw() only blits, then names the clusters (G: their number
 * and the first words of their label at their centre, the largest first,
 * never over one another nor past the pane).
 *
 * At a million computers no key runs over all of them: the nearest to
 * the cursor and the next nearest come from the grid (pointgrid.h), a
 * pan from the raster of the whole map.  Only what changes the looks
 * (a bin, a selection, a search) costs a pass over the computers.
 *
 * The handlers change the view and the selection and say what the loop
 * must do next (explorer.h); a change of layout (the pane, the split) is
 * the loop's to carry out, as is centring on a computer another view
 * chose (TUI_CENTRE).
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/counters.h"
#include "base/xalloc.h"
#include "tui/tcurses.h"
#include "tui/mapopts.h"
#include "tui/mapview.h"
#include "tui/term.h"

static void select_nearest(struct explorer *e);

/* The terminal role that draws a canvas role. */
static const enum term_role role_style[CANVAS_NROLES] = {
	[CANVAS_EMPTY] = TERM_PLAIN,
	[CANVAS_PLAIN] = TERM_PLAIN,
	[CANVAS_GREEN] = TERM_GREEN,
	[CANVAS_RED] = TERM_RED,
	[CANVAS_BLUE] = TERM_BLUE,
	[CANVAS_MARKED] = TERM_MARKED,
	[CANVAS_CHOSEN] = TERM_CHOSEN,
	[CANVAS_MATCH] = TERM_MATCH,
	[CANVAS_SELECTED] = TERM_SELECTED,
};

static uint64_t
total_bytes(const struct map_computer *c)
{
	return sat_add(c->bytes_in, c->bytes_out);
}

/* Computer i's place in map k. */
static void
point(const struct map *m, enum mapkind k, size_t i, double *x, double *y)
{
	const struct map_computer *c = &m->computers[i];

	*x = k == MAPKIND_COMMS ? c->cx : c->x;
	*y = k == MAPKIND_COMMS ? c->cy : c->y;
}

/* Is map k there to show? */
static int
kind_ready(const struct explorer *e, enum mapkind k)
{
	return k == MAPKIND_FUNCTIONAL || e->m->has_comms;
}

/* The panes drawn: both in a split, else the active one. */
static int
pane_shown(const struct explorer *e, enum mapkind k)
{
	return kind_ready(e, k) && (e->split || k == e->active);
}

void
mapview_init(struct explorer *e)
{
	const struct map *m = e->m;
	double lmin = HUGE_VAL, lmax = -HUGE_VAL;

	e->role = xcalloc(m->ncomputers, 1);
	e->radius = xcalloc(m->ncomputers, 1);
	for (size_t i = 0; i < m->ncomputers; i++) {
		double l = log1p((double)total_bytes(&m->computers[i]));

		if (l < lmin)
			lmin = l;
		if (l > lmax)
			lmax = l;
	}
	for (size_t i = 0; i < m->ncomputers; i++)
		e->radius[i] = (uint8_t)canvas_radius(
		    total_bytes(&m->computers[i]), lmin, lmax);
	mapopts_recolor(e);
	for (int k = 0; k < NMAPKINDS; k++) {
		const struct map_computer *c = m->computers;

		if (!kind_ready(e, (enum mapkind)k) || m->ncomputers == 0)
			continue;
		pointgrid_build(&e->maps[k].grid,
		    k == MAPKIND_COMMS ? &c->cx : &c->x,
		    k == MAPKIND_COMMS ? &c->cy : &c->y, sizeof *c,
		    m->ncomputers);
	}
}

void
mapview_free(struct explorer *e)
{
	for (int k = 0; k < NMAPKINDS; k++) {
		struct mappane *p = &e->maps[k];

		canvas_free(&p->canvas);
		pointgrid_free(&p->grid);
		raster_free(&p->raster);
		free(p->looks);
		p->looks = NULL;
	}
	free(e->role);
	free(e->radius);
	e->role = e->radius = NULL;
}

/* The world box of map k (its grid's: finite places only), and a view of
 * it fitted to w x h dots. */
static void
view_fit(struct explorer *e, enum mapkind k, int wd, int hd)
{
	const struct pointgrid *g = &e->maps[k].grid;
	double minx = -1, maxx = 1, miny = -1, maxy = 1;

	if (g->n > 0) {
		minx = g->minx;
		maxx = g->maxx;
		miny = g->miny;
		maxy = g->maxy;
	}
	canvas_view_init(&e->maps[k].cv, minx, maxx, miny, maxy, wd, hd);
	e->maps[k].curx = e->maps[k].cv.cx;
	e->maps[k].cury = e->maps[k].cv.cy;
	e->maps[k].view_ready = 1;
}

/* Scroll pane k so that its cursor is at least TUI_CURSOR_MARGIN cells
 * inside the edges (or in the middle when the pane is smaller). */
static void
keep_cursor(struct explorer *e, enum mapkind k)
{
	struct mappane *p = &e->maps[k];
	struct canvas_view *v = &p->cv;
	double dx, dy, mx = TUI_CURSOR_MARGIN * CANVAS_DOTS_X,
	    my = TUI_CURSOR_MARGIN * CANVAS_DOTS_Y;

	if (2 * mx >= v->wdots)
		mx = v->wdots / 2.0;
	if (2 * my >= v->hdots)
		my = v->hdots / 2.0;
	canvas_view_world_to_dot(v, p->curx, p->cury, &dx, &dy);
	if (dx < mx)
		canvas_view_pan(v, dx - mx, 0);
	else if (dx > v->wdots - mx)
		canvas_view_pan(v, dx - (v->wdots - mx), 0);
	if (dy < my)
		canvas_view_pan(v, 0, dy - my);
	else if (dy > v->hdots - my)
		canvas_view_pan(v, 0, dy - (v->hdots - my));
}

void
mapview_resize(struct explorer *e)
{
	int first = !e->maps[e->active].view_ready;

	e->style = term_braille() ? CANVAS_BRAILLE : CANVAS_ASCII;
	e->letters = !term_color();
	for (int k = 0; k < NMAPKINDS; k++) {
		struct mappane *p = &e->maps[k];
		int wd = p->rect.w * CANVAS_DOTS_X;
		int hd = p->rect.h * CANVAS_DOTS_Y;

		if (!kind_ready(e, (enum mapkind)k))
			continue;
		canvas_resize(&p->canvas, p->rect.w, p->rect.h);
		if (p->view_ready) {
			canvas_view_resize(&p->cv, wd, hd);
			keep_cursor(e, (enum mapkind)k);
		} else
			view_fit(e, (enum mapkind)k, wd, hd);
	}
	if (first)
		select_nearest(e);
}

/* Centre map k on the selected computer at zoom `zoom`, the cursor on
 * it. */
static void
follow(struct explorer *e, enum mapkind k, double zoom)
{
	struct mappane *p = &e->maps[k];
	double x = p->curx, y = p->cury;

	if (e->sel != SIZE_MAX && e->sel < e->m->ncomputers)
		point(e->m, k, e->sel, &x, &y);
	canvas_view_follow(&p->cv, x, y, zoom);
	p->curx = x;
	p->cury = y;
}

/* The computer nearest to the cursor (the lowest number among equals). */
static void
select_nearest(struct explorer *e)
{
	const struct mappane *p = &e->maps[e->active];

	e->sel = pointgrid_nearest(&p->grid, p->curx, p->cury);
	e->cycle = 0;
}

/* Select the cycle-th nearest computer to the cursor (ties by number). */
static void
select_cycle(struct explorer *e)
{
	const struct mappane *p = &e->maps[e->active];

	if (p->grid.n == 0)
		return;
	e->cycle %= p->grid.n;
	e->sel = pointgrid_kth(&p->grid, p->curx, p->cury, e->cycle);
}

void
mapview_centre(struct explorer *e)
{
	e->cycle = 0;
	follow(e, e->active, e->maps[e->active].cv.zoom);
}

/* The role computer i is drawn in, the strongest that applies, but for
 * CANVAS_SELECTED (drawn over the raster: it moves at every key). */
static enum canvas_role
point_role(const struct explorer *e, size_t i)
{
	if (e->match[i])
		return CANVAS_MATCH;
	if (e->chosen.in[i])
		return CANVAS_CHOSEN;
	if (e->marked[i])
		return CANVAS_MARKED;
	return (enum canvas_role)e->role[i];
}

/* The looks of pane k's points (grid order), made again when what they
 * are made from has changed: one pass over the computers. */
static void
looks_update(struct explorer *e, enum mapkind k)
{
	struct mappane *p = &e->maps[k];
	const struct pointgrid *g = &p->grid;
	struct looks_key now = { e->kind, e->bin, e->chosen.gen,
	    e->match_gen };
	size_t n = e->m->ncomputers;
	uint8_t *by_number;

	if (p->looks_gen != 0 && now.kind == p->looks_key.kind &&
	    now.bin == p->looks_key.bin &&
	    now.chosen_gen == p->looks_key.chosen_gen &&
	    now.match_gen == p->looks_key.match_gen)
		return;
	if (p->looks == NULL)
		p->looks = xcalloc(g->n > 0 ? g->n : 1, 1);
	/* in number order first, the five arrays read in sequence, then
	 * one random read per point, not five: a new selection at a million
	 * computers went from 30 ms to 20 */
	by_number = xreallocarray(NULL, n > 0 ? n : 1, 1);
	for (size_t i = 0; i < n; i++)
		by_number[i] = RASTER_LOOK(point_role(e, i), e->radius[i]);
	for (size_t j = 0; j < g->n; j++)
		p->looks[j] = by_number[g->order[j]];
	free(by_number);
	p->looks_key = now;
	p->looks_gen++;
}

/* The dot of computer i in pane k as the raster draws it; -1 when far. */
static int
computer_dot(const struct explorer *e, enum mapkind k, size_t i, int64_t *x,
    int64_t *y)
{
	struct canvas_dots d;
	double wx, wy;

	canvas_view_dots(&e->maps[k].cv, &d);
	point(e->m, k, i, &wx, &wy);
	return canvas_dots_of(&d, wx, wy, x, y);
}

static void
pane_rebuild(struct explorer *e, enum mapkind k)
{
	struct mappane *p = &e->maps[k];
	int64_t x, y;

	looks_update(e, k);
	p->inview = raster_draw(&p->raster, &p->canvas, &p->cv, &p->grid,
	    p->looks, p->looks_gen, RASTER_AUTO);
	/* the selected computer over the raster, where the raster drew it
	 * (its dots are there: only the role of their cells changes); far
	 * off, it would not reach the canvas, nor fit in an int */
	if (e->sel < e->m->ncomputers &&
	    computer_dot(e, k, e->sel, &x, &y) == 0 &&
	    llabs(x) < INT_MAX / 2 && llabs(y) < INT_MAX / 2)
		canvas_disc(&p->canvas, (int)x, (int)y, e->radius[e->sel],
		    CANVAS_SELECTED);
}

void
mapview_rebuild(struct explorer *e)
{
	for (int k = 0; k < NMAPKINDS; k++) {
		if (!pane_shown(e, (enum mapkind)k))
			continue;
		if (k != (int)e->active)
			follow(e, (enum mapkind)k, e->maps[e->active].cv.zoom);
		pane_rebuild(e, (enum mapkind)k);
	}
}

/* The cell of computer i in pane k, or -1 when off screen. */
static int
computer_cell(const struct explorer *e, enum mapkind k, size_t i, int *row,
    int *col)
{
	const struct canvas_view *v = &e->maps[k].cv;
	int64_t dx, dy;

	if (computer_dot(e, k, i, &dx, &dy) < 0 ||
	    !(dx >= 0 && dy >= 0 && dx < v->wdots && dy < v->hdots))
		return -1;
	*col = (int)dx / CANVAS_DOTS_X;
	*row = (int)dy / CANVAS_DOTS_Y;
	return 0;
}

/* Where the selected computer's name goes in pane k: its row, first
 * column and width; -1 when it is not in the pane. */
static int
label_place(const struct explorer *e, enum mapkind k, int *row, int *x,
    int *n)
{
	const struct rect *r = &e->maps[k].rect;
	int col;

	if (e->sel == SIZE_MAX || computer_cell(e, k, e->sel, row, &col) < 0)
		return -1;
	*n = term_width(e->names[e->sel]);
	if (*n > r->w / 3)
		*n = r->w / 3;
	/* right of the point when there is room, else left of it */
	*x = col + 2 + *n <= r->w ? col + 2 : col - 1 - *n;
	if (*x < 0)
		*x = 0;
	return 0;
}

/* Are columns x0..x1 (inclusive, clipped) of row `row` free? */
static int
cells_free(const uint8_t *used, int w, int row, int x0, int x1)
{
	for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < w; x++)
		if (used[(size_t)row * (size_t)w + (size_t)x])
			return 0;
	return 1;
}

/* Cluster c's name: "3 serves 53/udp domain" (freed by the caller). */
static char *
cluster_name(const struct explorer *e, size_t c)
{
	const char *label = e->cluster_labels[c];
	const char *cut = strstr(label, " (");
	size_t len = cut != NULL ? (size_t)(cut - label) : strlen(label);
	char *name = xmalloc(len + 32);

	snprintf(name, len + 32, "%zu %.*s", c + 1, (int)len, label);
	return name;
}

/*
 * The clusters' names on the functional map: "3 serves 53/udp domain",
 * the number as `flowmap clusters` prints it and the label up to its
 * first share, at the cluster's centre (the member nearest the mean) or
 * a row above or below it, the largest first; a name that would touch
 * another, or the selected computer's, is left out.
 */
static void
cluster_names_draw(struct explorer *e, const struct rect *r, uint8_t *used)
{
	static const int tries[] = { 0, -1, 1 };
	const struct mappane *p = &e->maps[MAPKIND_FUNCTIONAL];

	term_set(TERM_BOX);
	for (size_t c = 0; c < e->m->nclusters; c++) {
		const struct map_cluster *cl = &e->m->clusters[c];
		char *name;
		double dx, dy;
		int row, col, w;

		canvas_view_world_to_dot(&p->cv, cl->cx, cl->cy, &dx, &dy);
		if (!(dx >= 0 && dy >= 0 && dx < p->cv.wdots &&
		    dy < p->cv.hdots))
			continue;
		name = cluster_name(e, c);
		w = term_width(name);
		w = w > TUI_CLUSTER_NAME_W ? TUI_CLUSTER_NAME_W : w;
		w = w > r->w ? r->w : w;
		col = (int)dx / CANVAS_DOTS_X;
		col = col + w > r->w ? r->w - w : col;
		for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
			row = (int)dy / CANVAS_DOTS_Y + tries[t];
			if (row < 0 || row >= r->h ||
			    !cells_free(used, r->w, row, col - 1, col + w))
				continue;
			memset(used + (size_t)row * (size_t)r->w + (size_t)col,
			    1, (size_t)w);
			term_text(r->y + row, r->x + col, w, name);
			break;
		}
		free(name);
	}
}

/* The names over pane k: the clusters' (G), the selected computer's. */
static void
names_draw(struct explorer *e, enum mapkind k)
{
	const struct rect *r = &e->maps[k].rect;
	int row, x, n, have = label_place(e, k, &row, &x, &n) == 0;

	if (k == MAPKIND_FUNCTIONAL && e->cluster_names && r->w > 0 &&
	    r->h > 0) {
		uint8_t *used = xcalloc((size_t)r->w * (size_t)r->h, 1);

		if (have && row < r->h)
			memset(used + (size_t)row * (size_t)r->w + (size_t)x,
			    1, (size_t)(x + n <= r->w ? n : r->w - x));
		cluster_names_draw(e, r, used);
		free(used);
	}
	if (have) {
		term_set(TERM_HEADING);
		term_text(r->y + row, r->x + x, n, e->names[e->sel]);
	}
}

static void
pane_draw(struct explorer *e, enum mapkind k)
{
	const struct mappane *p = &e->maps[k];
	const struct rect *r = &p->rect;
	const struct canvas *c = &p->canvas;
	struct canvas_dots d;
	int64_t dx, dy;
	int crow, ccol;
	uint32_t g;

	for (int row = 0; row < c->rows; row++)
		for (int col = 0; col < c->cols; col++) {
			g = canvas_glyph(c, col, row, e->style, e->letters);
			if (g == 0)
				continue;
			term_set(role_style[canvas_cell_role(c, col, row)]);
			term_char(r->y + row, r->x + col, g);
		}
	names_draw(e, k);
	if (e->split) {
		char title[48];

		/* which half is which, the active one in reverse video */
		snprintf(title, sizeof title, " %s map%s ",
		    explorer_map_name(k), k == e->active ? " (keys)" : "");
		term_set(k == e->active ? TERM_CURSOR : TERM_DIM);
		term_text(r->y, r->x, r->w, title);
	}
	/* the cursor's dot as the raster's: on the computer it stands on */
	canvas_view_dots(&p->cv, &d);
	if (k != e->active || canvas_dots_of(&d, p->curx, p->cury, &dx,
	    &dy) < 0 || !(dx >= 0 && dy >= 0 && dx < p->cv.wdots &&
	    dy < p->cv.hdots))
		return;
	/* the cursor: its cell in reverse video, a '+' when empty */
	ccol = (int)dx / CANVAS_DOTS_X;
	crow = (int)dy / CANVAS_DOTS_Y;
	g = canvas_glyph(c, ccol, crow, e->style, e->letters);
	term_set(TERM_CURSOR);
	term_char(r->y + crow, r->x + ccol, g ? g : '+');
}

void
mapview_draw(struct explorer *e)
{
	const struct rect *r = &e->maprect;

	if (e->m->ncomputers == 0) {
		term_set(TERM_DIM);
		term_text(r->y + r->h / 2, r->x + 2, r->w - 4,
		    "no computers to show");
		return;
	}
	for (int k = 0; k < NMAPKINDS; k++)
		if (pane_shown(e, (enum mapkind)k))
			pane_draw(e, (enum mapkind)k);
	if (e->split) {
		term_set(TERM_DIM);
		for (int y = 0; y < e->rule.h; y++)
			term_char(e->rule.y + y, e->rule.x,
			    term_utf8() ? 0x2502u : '|');
	}
}

/* Make map k the active one, centred on the selection at the same zoom. */
static void
activate(struct explorer *e, enum mapkind k)
{
	double zoom = e->maps[e->active].cv.zoom;

	if (k == e->active)
		return;
	e->active = k;
	e->cycle = 0;
	if (e->sel != SIZE_MAX)
		follow(e, k, zoom);
	else {
		struct mappane *p = &e->maps[k];

		canvas_view_follow(&p->cv, p->cv.cx, p->cv.cy, zoom);
		p->curx = p->cv.cx;
		p->cury = p->cv.cy;
		select_nearest(e);
	}
}

/* Zoom the active map in or out around the cursor. */
static enum tui_reaction
zoom(struct explorer *e, int in)
{
	struct mappane *p = &e->maps[e->active];
	double dx, dy;

	explorer_remember(e, HISTORY_STEP);
	canvas_view_world_to_dot(&p->cv, p->curx, p->cury, &dx, &dy);
	canvas_view_zoom_at(&p->cv, in ? TUI_ZOOM_STEP : 1 / TUI_ZOOM_STEP,
	    dx, dy);
	keep_cursor(e, e->active);
	return TUI_REBUILD;
}

/* The world point under cell (y, x) of the screen in pane k. */
static void
cell_world(const struct explorer *e, enum mapkind k, int y, int x,
    double *wx, double *wy)
{
	const struct rect *r = &e->maps[k].rect;

	canvas_view_dot_to_world(&e->maps[k].cv,
	    (x - r->x) * CANVAS_DOTS_X + CANVAS_DOTS_X / 2.0,
	    (y - r->y) * CANVAS_DOTS_Y + CANVAS_DOTS_Y / 2.0, wx, wy);
}

/* The pane shown at cell (y, x), or -1. */
static int
pane_at(const struct explorer *e, int y, int x)
{
	for (int k = 0; k < NMAPKINDS; k++) {
		const struct rect *r = &e->maps[k].rect;

		if (pane_shown(e, (enum mapkind)k) && y >= r->y &&
		    x >= r->x && y < r->y + r->h && x < r->x + r->w)
			return k;
	}
	return -1;
}

enum tui_reaction
mapview_click(struct explorer *e, int key)
{
	int y = e->pointer_y, x = e->pointer_x, k = pane_at(e, y, x);
	struct mappane *p;

	(void)key;
	e->pressed = 0;
	if (k < 0)
		return TUI_NONE;
	explorer_remember(e, HISTORY_JUMP);
	/* a click in the other half of a split makes it active */
	activate(e, (enum mapkind)k);
	p = &e->maps[k];
	cell_world(e, (enum mapkind)k, y, x, &p->curx, &p->cury);
	select_nearest(e);
	/* the start of a drag, should the button come up elsewhere */
	e->pressed = 1;
	e->press_y = y;
	e->press_x = x;
	return TUI_REBUILD;
}

enum tui_reaction
mapview_release(struct explorer *e, int key)
{
	int y = e->pointer_y, x = e->pointer_x;
	double x0, y0, x1, y1;

	(void)key;
	if (!e->pressed)
		return TUI_NONE;
	e->pressed = 0;
	if (y == e->press_y && x == e->press_x)
		return TUI_NONE;	/* a click, not a drag */
	/* the drag's end, kept inside the pane it started in */
	{
		const struct rect *r = &e->maps[e->active].rect;

		y = y < r->y ? r->y : y >= r->y + r->h ? r->y + r->h - 1 : y;
		x = x < r->x ? r->x : x >= r->x + r->w ? r->x + r->w - 1 : x;
	}
	cell_world(e, e->active, e->press_y, e->press_x, &x0, &y0);
	cell_world(e, e->active, y, x, &x1, &y1);
	return explorer_select_box(e, x0, y0, x1, y1);
}

enum tui_reaction
mapview_zoom_in(struct explorer *e, int key)
{
	(void)key;
	return zoom(e, 1);
}

enum tui_reaction
mapview_zoom_out(struct explorer *e, int key)
{
	(void)key;
	return zoom(e, 0);
}

enum tui_reaction
mapview_reset_view(struct explorer *e, int key)
{
	struct mappane *p = &e->maps[e->active];

	(void)key;
	explorer_remember(e, HISTORY_JUMP);
	canvas_view_reset(&p->cv);
	p->curx = p->cv.cx;
	p->cury = p->cv.cy;
	select_nearest(e);
	return TUI_REBUILD;
}

static void
pan_dir(int key, int *dx, int *dy)
{
	*dx = *dy = 0;
	switch (key) {
	case KEY_LEFT: case 'h': case 'H':	*dx = -1; break;
	case KEY_RIGHT: case 'l': case 'L':	*dx = 1; break;
	case KEY_UP: case 'k': case 'K':	*dy = -1; break;
	case KEY_DOWN: case 'j': case 'J':	*dy = 1; break;
	default:				break;
	}
}

enum tui_reaction
mapview_move(struct explorer *e, int key)
{
	struct mappane *p = &e->maps[e->active];
	double s = p->cv.scale * p->cv.zoom;
	int dx, dy;

	explorer_remember(e, HISTORY_STEP);
	pan_dir(key, &dx, &dy);
	p->curx += dx * CANVAS_DOTS_X / s;
	p->cury -= dy * CANVAS_DOTS_Y / s;
	keep_cursor(e, e->active);
	select_nearest(e);
	return TUI_REBUILD;
}

enum tui_reaction
mapview_pan_far(struct explorer *e, int key)
{
	struct mappane *p = &e->maps[e->active];
	struct canvas_view *v = &p->cv;
	double cx = v->cx, cy = v->cy;
	int dx, dy;

	explorer_remember(e, HISTORY_STEP);
	pan_dir(key, &dx, &dy);
	canvas_view_pan(v, dx * v->wdots / 4.0, dy * v->hdots / 4.0);
	/* the cursor moves with the view: same place on the screen */
	p->curx += v->cx - cx;
	p->cury += v->cy - cy;
	select_nearest(e);
	return TUI_REBUILD;
}

enum tui_reaction
mapview_select_next(struct explorer *e, int key)
{
	(void)key;
	e->cycle++;
	select_cycle(e);
	return TUI_REBUILD;
}

enum tui_reaction
mapview_select_prev(struct explorer *e, int key)
{
	size_t n = e->maps[e->active].grid.n;	/* as select_cycle() wraps */

	(void)key;
	if (n == 0)
		return TUI_NONE;
	e->cycle = (e->cycle % n + n - 1) % n;
	select_cycle(e);
	return TUI_REBUILD;
}

enum tui_reaction
mapview_centre_selected(struct explorer *e, int key)
{
	(void)key;
	if (e->sel == SIZE_MAX)
		return TUI_NONE;
	explorer_remember(e, HISTORY_JUMP);
	return TUI_CENTRE;
}

enum tui_reaction
mapview_jump_similar(struct explorer *e, int key)
{
	const struct map_computer *c;
	uint32_t k = (uint32_t)(key - '1');

	if (e->sel == SIZE_MAX)
		return TUI_NONE;
	c = &e->m->computers[e->sel];
	if (k >= c->nnearest || k >= MAP_NEAREST ||
	    c->nearest[k] >= e->m->ncomputers) {
		explorer_note(e, "no similar #%u", k + 1);
		return TUI_REDRAW;
	}
	explorer_remember(e, HISTORY_JUMP);
	e->sel = c->nearest[k];
	return TUI_CENTRE;
}


enum tui_reaction
mapview_switch_map(struct explorer *e, int key)
{
	(void)key;
	if (!e->m->has_comms)
		return explorer_no_comms(e);
	explorer_remember(e, HISTORY_JUMP);
	activate(e, e->active == MAPKIND_COMMS ? MAPKIND_FUNCTIONAL :
	    MAPKIND_COMMS);
	return TUI_REBUILD;
}

/* Back or forward through the history of views. */
enum tui_reaction
mapview_history(struct explorer *e, int key)
{
	struct history_state now;
	int rc;

	explorer_state(e, &now);
	rc = key == '<' ? history_back(&e->history, &now) :
	    history_forward(&e->history, &now);
	if (rc < 0) {
		explorer_note(e, key == '<' ? "nothing to go back to" :
		    "nothing to go forward to");
		return TUI_REDRAW;
	}
	explorer_restore(e, &now);
	if (e->sel == SIZE_MAX)
		select_nearest(e);
	return TUI_REBUILD;
}

void
mapview_fit_selection(struct explorer *e)
{
	struct mappane *p = &e->maps[e->active];
	int comms = e->active == MAPKIND_COMMS;
	double x0, y0, x1, y1;
	size_t c;

	if (selection_box(&e->chosen, e->m, comms, &x0, &y0, &x1, &y1) < 0)
		return;
	canvas_view_fit(&p->cv, x0, y0, x1, y1);
	c = selection_centre(&e->chosen, e->m, comms);
	point(e->m, e->active, c, &p->curx, &p->cury);
	e->sel = c;
	e->cycle = 0;
}

enum tui_reaction
mapview_zoom_selection(struct explorer *e, int key)
{
	(void)key;
	if (e->chosen.n == 0) {
		explorer_note(e, "nothing selected (g, M, B, V, F select)");
		return TUI_REDRAW;
	}
	explorer_remember(e, HISTORY_JUMP);
	return TUI_FIT;
}

enum tui_reaction
mapview_select_view(struct explorer *e, int key)
{
	const struct mappane *p = &e->maps[e->active];
	double x0, y0, x1, y1;

	(void)key;
	canvas_view_dot_to_world(&p->cv, 0, 0, &x0, &y0);
	canvas_view_dot_to_world(&p->cv, p->cv.wdots, p->cv.hdots, &x1, &y1);
	selection_from_box(&e->chosen, e->m, e->active == MAPKIND_COMMS,
	    x0, y0, x1, y1);
	snprintf(e->chosen.what, sizeof e->chosen.what, "in view");
	return TUI_REBUILD;
}

