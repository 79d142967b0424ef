/*
 * mapview.c - the map: the raster of all computers, the cursor, the
 * selection, and the keys that move over the map.
 *
 * The cursor is the middle of the map view (a crosshair): panning moves
 * the map under it and zooming keeps the world point under it fixed.  The
 * selected computer is the nearest to the cursor (Tab/n/N walk outwards
 * through the next nearest ones); search, Enter and the similar-computer
 * keys move the view so the cursor lands on the chosen one.
 *
 * Each computer has a role (enum canvas_role) from the selected port or
 * protocol bin, recomputed only when that selection changes
 * (mapview_recolor), and a disc radius from log(total bytes), computed
 * once.  mapview_rebuild() rasterises; mapview_draw() only blits.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "tally.h"
#include "xalloc.h"
#include "tui/tcurses.h"
#include "tui/explorer.h"
#include "tui/term.h"

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
	return tally_sat_add(c->bytes_in, c->bytes_out);
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
	canvas_free(&e->canvas);
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

void
mapview_resize(struct explorer *e)
{
	const struct map *m = e->m;
	int wd = e->maprect.w * CANVAS_DOTS_X, hd = e->maprect.h * CANVAS_DOTS_Y;

	e->style = term_utf8() ? CANVAS_BRAILLE : CANVAS_ASCII;
	e->letters = !term_color();
	canvas_resize(&e->canvas, e->maprect.w, e->maprect.h);
	if (e->view_ready) {
		canvas_view_resize(&e->cv, wd, hd);
		return;
	}
	{
		double minx = -1, maxx = 1, miny = -1, maxy = 1;

		for (size_t i = 0; i < m->ncomputers; i++) {
			const struct map_computer *c = &m->computers[i];

			if (i == 0 || c->x < minx)
				minx = c->x;
			if (i == 0 || c->x > maxx)
				maxx = c->x;
			if (i == 0 || c->y < miny)
				miny = c->y;
			if (i == 0 || c->y > maxy)
				maxy = c->y;
		}
		canvas_view_init(&e->cv, minx, maxx, miny, maxy, wd, hd);
	}
	e->view_ready = 1;
	mapview_select_nearest(e);
}

static double
cursor_dist2(const struct explorer *e, size_t i)
{
	double dx = e->m->computers[i].x - e->cv.cx;
	double dy = e->m->computers[i].y - e->cv.cy;

	return dx * dx + dy * dy;
}

void
mapview_select_nearest(struct explorer *e)
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

/* Put the cursor on computer i and select it. */
static void
centre_on(struct explorer *e, size_t i)
{
	e->cv.cx = e->m->computers[i].x;
	e->cv.cy = e->m->computers[i].y;
	e->sel = i;
	e->cycle = 0;
}

void
mapview_rebuild(struct explorer *e)
{
	const struct map *m = e->m;

	canvas_clear(&e->canvas);
	e->inview = 0;
	for (size_t i = 0; i < m->ncomputers; i++) {
		double dx, dy;
		int x, y;

		canvas_view_world_to_dot(&e->cv, m->computers[i].x,
		    m->computers[i].y, &dx, &dy);
		if (!(dx > -1e6 && dx < 1e6 && dy > -1e6 && dy < 1e6))
			continue;
		x = (int)floor(dx);
		y = (int)floor(dy);
		if (x >= 0 && y >= 0 && x < e->cv.wdots && y < e->cv.hdots)
			e->inview++;
		canvas_disc(&e->canvas, x, y, e->radius[i],
		    i == e->sel ? CANVAS_SELECTED :
		    (enum canvas_role)e->role[i]);
	}
}

/* The cell of computer i in the map rectangle, or -1 when off screen. */
static int
computer_cell(const struct explorer *e, size_t i, int *row, int *col)
{
	double dx, dy;

	canvas_view_world_to_dot(&e->cv, e->m->computers[i].x,
	    e->m->computers[i].y, &dx, &dy);
	if (!(dx >= 0 && dy >= 0 && dx < e->cv.wdots && dy < e->cv.hdots))
		return -1;
	*col = (int)dx / CANVAS_DOTS_X;
	*row = (int)dy / CANVAS_DOTS_Y;
	return 0;
}

static void
label_draw(struct explorer *e)
{
	char name[TUI_NAME_MAX];
	const struct rect *r = &e->maprect;
	const char *raw;
	int row, col, n, x;

	if (e->sel == SIZE_MAX || computer_cell(e, e->sel, &row, &col) < 0)
		return;
	raw = e->m->computers[e->sel].name;
	escape_text(raw, strlen(raw), name, sizeof name);
	n = (int)strlen(name);
	if (n > r->w / 3)
		n = r->w / 3;
	/* right of the point when there is room, else left of it */
	x = col + 2 + n <= r->w ? col + 2 : col - 1 - n;
	if (x < 0)
		x = 0;
	term_set(TERM_HEADING);
	term_text(r->y + row, r->x + x, n, name);
}

void
mapview_draw(struct explorer *e)
{
	const struct rect *r = &e->maprect;
	const struct canvas *c = &e->canvas;
	int crow = e->cv.hdots / 2 / CANVAS_DOTS_Y;
	int ccol = e->cv.wdots / 2 / CANVAS_DOTS_X;
	uint32_t g;

	if (e->m->ncomputers == 0) {
		term_set(TERM_DIM);
		term_text(r->y + r->h / 2, r->x + 2, r->w - 4,
		    "no computers to show");
		return;
	}
	for (int row = 0; row < c->rows; row++)
		for (int col = 0; col < c->cols; col++) {
			g = canvas_glyph(c, col, row, e->style, e->letters);
			if (g == 0)
				continue;
			term_set(role_style[canvas_cell_role(c, col, row)]);
			term_char(r->y + row, r->x + col, g);
		}
	label_draw(e);
	/* the cursor: its cell in reverse video, a '+' when empty */
	g = canvas_glyph(c, ccol, crow, e->style, e->letters);
	term_set(TERM_CURSOR);
	term_char(r->y + crow, r->x + ccol, g ? g : '+');
}

void
mapview_click(struct explorer *e, int y, int x)
{
	const struct rect *r = &e->maprect;
	double wx, wy;

	if (y < r->y || x < r->x || y >= r->y + r->h || x >= r->x + r->w)
		return;
	canvas_view_dot_to_world(&e->cv,
	    (x - r->x) * CANVAS_DOTS_X + CANVAS_DOTS_X / 2.0,
	    (y - r->y) * CANVAS_DOTS_Y + CANVAS_DOTS_Y / 2.0, &wx, &wy);
	e->cv.cx = wx;
	e->cv.cy = wy;
	mapview_select_nearest(e);
}

void
mapview_wheel(struct explorer *e, int in)
{
	canvas_view_zoom_at(&e->cv, in ? TUI_ZOOM_STEP : 1 / TUI_ZOOM_STEP,
	    e->cv.wdots / 2.0, e->cv.hdots / 2.0);
}

enum tui_action
map_zoom_in(struct explorer *e, int key)
{
	(void)key;
	mapview_wheel(e, 1);
	return TUI_REBUILD;
}

enum tui_action
map_zoom_out(struct explorer *e, int key)
{
	(void)key;
	mapview_wheel(e, 0);
	return TUI_REBUILD;
}

enum tui_action
map_reset(struct explorer *e, int key)
{
	(void)key;
	canvas_view_reset(&e->cv);
	mapview_select_nearest(e);
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

enum tui_action
map_pan(struct explorer *e, int key)
{
	int dx, dy;

	pan_dir(key, &dx, &dy);
	canvas_view_pan(&e->cv, dx * CANVAS_DOTS_X, dy * CANVAS_DOTS_Y);
	mapview_select_nearest(e);
	return TUI_REBUILD;
}

enum tui_action
map_pan_far(struct explorer *e, int key)
{
	int dx, dy;

	pan_dir(key, &dx, &dy);
	canvas_view_pan(&e->cv, dx * e->cv.wdots / 4.0, dy * e->cv.hdots / 4.0);
	mapview_select_nearest(e);
	return TUI_REBUILD;
}

enum tui_action
map_next(struct explorer *e, int key)
{
	(void)key;
	e->cycle++;
	select_cycle(e);
	return TUI_REBUILD;
}

enum tui_action
map_prev(struct explorer *e, int key)
{
	size_t n = e->m->ncomputers;

	(void)key;
	if (n == 0)
		return TUI_NONE;
	e->cycle = (e->cycle % n + n - 1) % n;
	select_cycle(e);
	return TUI_REBUILD;
}

enum tui_action
map_centre(struct explorer *e, int key)
{
	(void)key;
	if (e->sel == SIZE_MAX)
		return TUI_NONE;
	centre_on(e, e->sel);
	return TUI_REBUILD;
}

enum tui_action
map_similar(struct explorer *e, int key)
{
	const struct map_computer *c;
	uint32_t k = (uint32_t)(key - '1');

	if (e->sel == SIZE_MAX)
		return TUI_NONE;
	c = &e->m->computers[e->sel];
	if (k >= c->nnearest || k >= MAP_NEAREST ||
	    c->nearest[k] >= e->m->ncomputers) {
		snprintf(e->message, sizeof e->message, "no similar #%u",
		    k + 1);
		return TUI_REDRAW;
	}
	centre_on(e, c->nearest[k]);
	return TUI_REBUILD;
}

enum tui_action
map_bin_step(struct explorer *e, int key)
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
	mapview_recolor(e);
	return TUI_REBUILD;
}

enum tui_action
map_bin_clear(struct explorer *e, int key)
{
	(void)key;
	e->kind = SEL_NONE;
	mapview_recolor(e);
	return TUI_REBUILD;
}

enum tui_action
map_temp(struct explorer *e, int key)
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

enum tui_action
map_pane(struct explorer *e, int key)
{
	(void)key;
	e->pane = !e->pane;
	explorer_layout(e);
	return TUI_REBUILD;
}

enum tui_action
map_measure(struct explorer *e, int key)
{
	switch (key) {
	case 'f': e->measure = MEASURE_FLOWS; break;
	case 'b': e->measure = MEASURE_BYTES; break;
	case 's': e->measure = MEASURE_SECONDS; break;
	default: e->measure = (e->measure + 1) % NMEASURES; break;
	}
	return TUI_REDRAW;
}

enum tui_action
map_redraw(struct explorer *e, int key)
{
	(void)e;
	(void)key;
	/* the next refresh repaints everything (line noise over SSH) */
	clearok(curscr, TRUE);
	return TUI_REDRAW;
}

enum tui_action
map_quit(struct explorer *e, int key)
{
	(void)e;
	(void)key;
	return TUI_QUIT;
}

enum tui_action
map_help(struct explorer *e, int key)
{
	(void)key;
	e->view = VIEW_HELP;
	e->help_top = 0;
	return TUI_REDRAW;
}

enum tui_action
map_search(struct explorer *e, int key)
{
	(void)key;
	e->view = VIEW_SEARCH;
	e->search[0] = '\0';
	return TUI_REDRAW;
}

enum tui_action
search_key(struct explorer *e, int key)
{
	if (key == KEY_BACKSPACE)
		explorer_text_backspace(e->search);
	else
		explorer_text_key(e->search, sizeof e->search, key);
	return TUI_REDRAW;
}

enum tui_action
search_go(struct explorer *e, int key)
{
	const struct map *m = e->m;
	char name[TUI_NAME_MAX];
	size_t start, n = m->ncomputers;

	(void)key;
	e->view = VIEW_MAP;
	if (e->search[0] != '\0')
		memcpy(e->search_last, e->search, sizeof e->search_last);
	if (e->search_last[0] == '\0' || n == 0)
		return TUI_REDRAW;
	/* from the one after the selection, so Enter again finds the next */
	start = e->sel == SIZE_MAX ? 0 : e->sel + 1;
	for (size_t k = 0; k < n; k++) {
		size_t i = (start + k) % n;
		const char *raw = m->computers[i].name;

		/* match what the user sees: the escaped name */
		escape_text(raw, strlen(raw), name, sizeof name);
		if (strcasestr(name, e->search_last) != NULL) {
			centre_on(e, i);
			return TUI_REBUILD;
		}
	}
	escape_text(e->search_last, strlen(e->search_last), name, sizeof name);
	snprintf(e->message, sizeof e->message, "no computer matches \"%.64s\"",
	    name);
	return TUI_REDRAW;
}

enum tui_action
search_cancel(struct explorer *e, int key)
{
	(void)key;
	e->view = VIEW_MAP;
	return TUI_REDRAW;
}

void
search_draw(struct explorer *e)
{
	char pat[TUI_TEXT_MAX * 4], buf[sizeof pat + 16];
	int n;

	escape_text(e->search, strlen(e->search), pat, sizeof pat);
	snprintf(buf, sizeof buf, "search: %s", pat);
	term_set(TERM_STATUS);
	term_fill(e->status.y, 0, e->cols);
	n = term_text(e->status.y, 0, e->cols - 1, buf);
	term_set(TERM_CURSOR);
	term_char(e->status.y, n < e->cols ? n : e->cols - 1, '_');
}
