/*
 * mapview.c - the map: the raster of all computers, the cursor, the
 * selection, and the keys that move over the map.
 *
 * The cursor is the middle of the active map (a crosshair): panning
 * moves the map under it and zooming keeps the world point under it
 * fixed.  The selected computer is the nearest to the cursor (Tab/n/N
 * walk outwards through the next nearest ones); search, Enter and the
 * similar-computer keys move the view so the cursor lands on the chosen
 * one.
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
 * (mapview_recolor), and a disc radius from log(total bytes), computed
 * once.  mapview_rebuild() rasterises; mapview_draw() only blits.
 *
 * The handlers change the view and the selection and say what the loop
 * must do next (explorer.h); a change of layout (the pane, the split) is
 * the loop's to carry out, as is centring on a computer another view
 * chose (TUI_CENTRE).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/counters.h"
#include "base/xalloc.h"
#include "tui/tcurses.h"
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
	mapview_recolor(e);
}

void
mapview_free(struct explorer *e)
{
	for (int k = 0; k < NMAPKINDS; k++)
		canvas_free(&e->maps[k].canvas);
	free(e->role);
	free(e->radius);
	e->role = e->radius = NULL;
}

void
mapview_recolor(struct explorer *e)
{
	const struct map *m = e->m;

	memset(e->nrole, 0, sizeof e->nrole);
	for (size_t i = 0; i < m->ncomputers; i++) {
		const float *in = NULL, *out = NULL;
		enum canvas_role r = CANVAS_PLAIN;

		if (e->kind == SEL_PORT && e->bin < m->nports) {
			in = map_port_dist(m, i, MAP_IN_FLOWS);
			out = map_port_dist(m, i, MAP_OUT_FLOWS);
		} else if (e->kind == SEL_PROTO && e->bin < m->nprotos) {
			in = map_proto_dist(m, i, MAP_IN_FLOWS);
			out = map_proto_dist(m, i, MAP_OUT_FLOWS);
		}
		if (in != NULL) {
			int serves = in[e->bin] > 0, queries = out[e->bin] > 0;

			if (serves && queries)
				r = CANVAS_BLUE;
			else if (serves)
				r = CANVAS_RED;
			else if (queries)
				r = CANVAS_GREEN;
		}
		e->role[i] = (uint8_t)r;
		e->nrole[r]++;
	}
}

/* The world box of map k, and a view of it fitted to w x h dots. */
static void
view_fit(struct explorer *e, enum mapkind k, int wd, int hd)
{
	const struct map *m = e->m;
	double minx = -1, maxx = 1, miny = -1, maxy = 1, x, y;

	for (size_t i = 0; i < m->ncomputers; i++) {
		point(m, k, i, &x, &y);
		if (i == 0 || x < minx)
			minx = x;
		if (i == 0 || x > maxx)
			maxx = x;
		if (i == 0 || y < miny)
			miny = y;
		if (i == 0 || y > maxy)
			maxy = y;
	}
	canvas_view_init(&e->maps[k].cv, minx, maxx, miny, maxy, wd, hd);
	e->maps[k].view_ready = 1;
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
		if (p->view_ready)
			canvas_view_resize(&p->cv, wd, hd);
		else
			view_fit(e, (enum mapkind)k, wd, hd);
	}
	if (first)
		select_nearest(e);
}

static double
cursor_dist2(const struct explorer *e, size_t i)
{
	const struct canvas_view *v = &e->maps[e->active].cv;
	double x, y;

	point(e->m, e->active, i, &x, &y);
	return (x - v->cx) * (x - v->cx) + (y - v->cy) * (y - v->cy);
}

/* Centre map k on the selected computer at zoom `zoom`. */
static void
follow(struct explorer *e, enum mapkind k, double zoom)
{
	struct canvas_view *v = &e->maps[k].cv;
	double x = v->cx, y = v->cy;

	if (e->sel != SIZE_MAX && e->sel < e->m->ncomputers)
		point(e->m, k, e->sel, &x, &y);
	canvas_view_follow(v, x, y, zoom);
}

static void
select_nearest(struct explorer *e)
{
	double best = HUGE_VAL;

	e->sel = SIZE_MAX;
	e->cycle = 0;
	for (size_t i = 0; i < e->m->ncomputers; i++) {
		double d = cursor_dist2(e, i);

		if (d < best) {
			best = d;
			e->sel = i;
		}
	}
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

/* Select the cycle-th nearest computer to the cursor. */
static void
select_cycle(struct explorer *e)
{
	size_t n = e->m->ncomputers;
	struct by_dist *v;

	if (n == 0)
		return;
	e->cycle %= n;
	v = xreallocarray(NULL, n, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = (struct by_dist){ cursor_dist2(e, i), i };
	qsort(v, n, sizeof *v, by_dist_cmp);
	e->sel = v[e->cycle].i;
	free(v);
}

void
mapview_centre(struct explorer *e)
{
	e->cycle = 0;
	follow(e, e->active, e->maps[e->active].cv.zoom);
}

static void
pane_rebuild(struct explorer *e, enum mapkind k)
{
	const struct map *m = e->m;
	struct mappane *p = &e->maps[k];

	canvas_clear(&p->canvas);
	p->inview = 0;
	for (size_t i = 0; i < m->ncomputers; i++) {
		double wx, wy, dx, dy;
		int x, y;

		point(m, k, i, &wx, &wy);
		canvas_view_world_to_dot(&p->cv, wx, wy, &dx, &dy);
		if (!(dx > -1e6 && dx < 1e6 && dy > -1e6 && dy < 1e6))
			continue;
		x = (int)floor(dx);
		y = (int)floor(dy);
		if (x >= 0 && y >= 0 && x < p->cv.wdots && y < p->cv.hdots)
			p->inview++;
		canvas_disc(&p->canvas, x, y, e->radius[i],
		    i == e->sel ? CANVAS_SELECTED :
		    (enum canvas_role)e->role[i]);
	}
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
	double x, y, dx, dy;

	point(e->m, k, i, &x, &y);
	canvas_view_world_to_dot(v, x, y, &dx, &dy);
	if (!(dx >= 0 && dy >= 0 && dx < v->wdots && dy < v->hdots))
		return -1;
	*col = (int)dx / CANVAS_DOTS_X;
	*row = (int)dy / CANVAS_DOTS_Y;
	return 0;
}

static void
label_draw(struct explorer *e, enum mapkind k)
{
	const struct rect *r = &e->maps[k].rect;
	const char *name;
	int row, col, n, x;

	if (e->sel == SIZE_MAX || computer_cell(e, k, e->sel, &row, &col) < 0)
		return;
	name = e->names[e->sel];
	n = term_width(name);
	if (n > r->w / 3)
		n = r->w / 3;
	/* right of the point when there is room, else left of it */
	x = col + 2 + n <= r->w ? col + 2 : col - 1 - n;
	if (x < 0)
		x = 0;
	term_set(TERM_HEADING);
	term_text(r->y + row, r->x + x, n, name);
}

static void
pane_draw(struct explorer *e, enum mapkind k)
{
	const struct mappane *p = &e->maps[k];
	const struct rect *r = &p->rect;
	const struct canvas *c = &p->canvas;
	int crow = p->cv.hdots / 2 / CANVAS_DOTS_Y;
	int ccol = p->cv.wdots / 2 / CANVAS_DOTS_X;
	uint32_t g;

	for (int row = 0; row < c->rows; row++)
		for (int col = 0; col < c->cols; col++) {
			g = canvas_glyph(c, col, row, e->style, e->letters);
			if (g == 0)
				continue;
			term_set(role_style[canvas_cell_role(c, col, row)]);
			term_char(r->y + row, r->x + col, g);
		}
	label_draw(e, k);
	if (e->split) {
		char title[48];

		/* which half is which, the active one in reverse video */
		snprintf(title, sizeof title, " %s map%s ",
		    explorer_map_name(k), k == e->active ? " (keys)" : "");
		term_set(k == e->active ? TERM_CURSOR : TERM_DIM);
		term_text(r->y, r->x, r->w, title);
	}
	if (k != e->active)
		return;
	/* the cursor: its cell in reverse video, a '+' when empty */
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
		canvas_view_follow(&e->maps[k].cv, e->maps[k].cv.cx,
		    e->maps[k].cv.cy, zoom);
		select_nearest(e);
	}
}

/* Zoom the active map in or out around the cursor. */
static enum tui_reaction
zoom(struct explorer *e, int in)
{
	struct canvas_view *v = &e->maps[e->active].cv;

	canvas_view_zoom_at(v, in ? TUI_ZOOM_STEP : 1 / TUI_ZOOM_STEP,
	    v->wdots / 2.0, v->hdots / 2.0);
	return TUI_REBUILD;
}

enum tui_reaction
mapview_click(struct explorer *e, int key)
{
	int y = e->pointer_y, x = e->pointer_x;

	(void)key;
	for (int k = 0; k < NMAPKINDS; k++) {
		const struct rect *r = &e->maps[k].rect;
		struct canvas_view *v = &e->maps[k].cv;
		double wx, wy;

		if (!pane_shown(e, (enum mapkind)k) || y < r->y || x < r->x ||
		    y >= r->y + r->h || x >= r->x + r->w)
			continue;
		/* a click in the other half of a split makes it active */
		activate(e, (enum mapkind)k);
		canvas_view_dot_to_world(v,
		    (x - r->x) * CANVAS_DOTS_X + CANVAS_DOTS_X / 2.0,
		    (y - r->y) * CANVAS_DOTS_Y + CANVAS_DOTS_Y / 2.0, &wx, &wy);
		v->cx = wx;
		v->cy = wy;
		select_nearest(e);
		return TUI_REBUILD;
	}
	return TUI_NONE;
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
	(void)key;
	canvas_view_reset(&e->maps[e->active].cv);
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
mapview_pan(struct explorer *e, int key)
{
	int dx, dy;

	pan_dir(key, &dx, &dy);
	canvas_view_pan(&e->maps[e->active].cv, dx * CANVAS_DOTS_X,
	    dy * CANVAS_DOTS_Y);
	select_nearest(e);
	return TUI_REBUILD;
}

enum tui_reaction
mapview_pan_far(struct explorer *e, int key)
{
	struct canvas_view *v = &e->maps[e->active].cv;
	int dx, dy;

	pan_dir(key, &dx, &dy);
	canvas_view_pan(v, dx * v->wdots / 4.0, dy * v->hdots / 4.0);
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
	size_t n = e->m->ncomputers;

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
	e->sel = c->nearest[k];
	return TUI_CENTRE;
}

enum tui_reaction
mapview_step_bin(struct explorer *e, int key)
{
	size_t n;

	if (e->kind == SEL_NONE) {
		/* start with the ports: ']' the first, '[' the last */
		e->kind = SEL_PORT;
		n = e->m->nports;
		e->bin = key == ']' ? 0 : n - 1;
	} else {
		n = e->kind == SEL_PORT ? e->m->nports : e->m->nprotos;
		if (n > 0 && key == ']')
			e->bin = (e->bin + 1) % n;
		else if (n > 0)
			e->bin = (e->bin + n - 1) % n;
	}
	if (n == 0)
		e->kind = SEL_NONE;
	return TUI_RECOLOUR;
}

enum tui_reaction
mapview_clear_bin(struct explorer *e, int key)
{
	(void)key;
	e->kind = SEL_NONE;
	return TUI_RECOLOUR;
}

enum tui_reaction
mapview_temperature(struct explorer *e, int key)
{
	double t = key == 'T' ? e->T * TUI_T_STEP : e->T / TUI_T_STEP;

	/* snap to 1 so that stepping away and back shows T=1.00 exactly */
	if (fabs(t - 1) < 1e-9)
		t = 1;
	if (t < TUI_T_MIN)
		t = TUI_T_MIN;
	if (t > TUI_T_MAX)
		t = TUI_T_MAX;
	e->T = t;
	return TUI_REDRAW;
}

enum tui_reaction
mapview_reset_temperature(struct explorer *e, int key)
{
	(void)key;
	e->T = 1;
	return TUI_REDRAW;
}

enum tui_reaction
mapview_toggle_pane(struct explorer *e, int key)
{
	(void)key;
	e->pane = !e->pane;
	return TUI_LAYOUT;
}

enum tui_reaction
mapview_set_measure(struct explorer *e, int key)
{
	switch (key) {
	case 'f': e->measure = MEASURE_FLOWS; break;
	case 'b': e->measure = MEASURE_BYTES; break;
	case 's': e->measure = MEASURE_SECONDS; break;
	default: e->measure = (e->measure + 1) % NMEASURES; break;
	}
	return TUI_REDRAW;
}

/* Why there is no communications map, for c and C. */
static enum tui_reaction
no_comms(struct explorer *e)
{
	explorer_note(e, "no communications map (--no-comms, or too few "
	    "computers)");
	return TUI_REDRAW;
}

enum tui_reaction
mapview_switch_map(struct explorer *e, int key)
{
	(void)key;
	if (!e->m->has_comms)
		return no_comms(e);
	activate(e, e->active == MAPKIND_COMMS ? MAPKIND_FUNCTIONAL :
	    MAPKIND_COMMS);
	return TUI_REBUILD;
}

enum tui_reaction
mapview_toggle_split(struct explorer *e, int key)
{
	(void)key;
	if (!e->m->has_comms)
		return no_comms(e);
	if (!e->split && !layout_split_fits(e->cols)) {
		explorer_note(e, "too narrow for both maps: needs %d columns",
		    TUI_SPLIT_MIN_COLS);
		return TUI_REDRAW;
	}
	e->split = !e->split;
	return TUI_LAYOUT;
}

enum tui_reaction
mapview_repaint(struct explorer *e, int key)
{
	(void)e;
	(void)key;
	/* line noise over SSH: send every cell again */
	return TUI_REPAINT;
}

enum tui_reaction
mapview_quit(struct explorer *e, int key)
{
	(void)e;
	(void)key;
	return TUI_QUIT;
}

enum tui_reaction
mapview_toggle_mouse(struct explorer *e, int key)
{
	(void)key;
	e->mouse = !e->mouse;
	explorer_note(e, e->mouse ? "mouse on: a click selects, the wheel "
	    "zooms" : "mouse off: the terminal selects text (m: on)");
	return TUI_MOUSE | TUI_REDRAW;
}
