/*
 * boxsel.c - a box drawn on the map by keys (see boxsel.h).
 *
 * The box is two world points of the active map, its first corner and
 * the cursor, so it stays on the same computers while the view zooms or
 * scrolls under it; the outline is drawn in cells, clipped to the pane.
 */
#include <math.h>

#include "tui/boxsel.h"
#include "tui/term.h"

enum tui_reaction
boxsel_open(struct explorer *e, int key)
{
	const struct mappane *p = &e->maps[e->active];

	(void)key;
	if (e->m->ncomputers == 0)
		return TUI_NONE;
	e->box_x = p->curx;
	e->box_y = p->cury;
	e->view = VIEW_BOX;
	return TUI_REDRAW;
}

enum tui_reaction
boxsel_select(struct explorer *e, int key)
{
	const struct mappane *p = &e->maps[e->active];

	(void)key;
	e->view = VIEW_MAP;
	return explorer_select_box(e, e->box_x, e->box_y, p->curx, p->cury);
}

enum tui_reaction
boxsel_zoom(struct explorer *e, int key)
{
	struct mappane *p = &e->maps[e->active];

	(void)key;
	explorer_remember(e, HISTORY_JUMP);
	canvas_view_fit(&p->cv, e->box_x, e->box_y, p->curx, p->cury);
	e->view = VIEW_MAP;
	return TUI_REBUILD;
}

/* The cell of world point (x, y) in pane p, maybe outside it. */
static void
cell_of(const struct mappane *p, double x, double y, int *col, int *row)
{
	double dx, dy;

	canvas_view_world_to_dot(&p->cv, x, y, &dx, &dy);
	/* far outside: anything beyond the pane clips the same */
	dx = fmax(fmin(dx, 1e6), -1e6);
	dy = fmax(fmin(dy, 1e6), -1e6);
	*col = (int)floor(dx / CANVAS_DOTS_X);
	*row = (int)floor(dy / CANVAS_DOTS_Y);
}

void
boxsel_draw(struct explorer *e)
{
	const struct mappane *p = &e->maps[e->active];
	const struct rect *r = &p->rect;
	int c0, r0, c1, r1, t;
	unsigned h = term_utf8() ? 0x2500u : '-', v = term_utf8() ? 0x2502u :
	    '|', corner = '+';

	cell_of(p, e->box_x, e->box_y, &c0, &r0);
	cell_of(p, p->curx, p->cury, &c1, &r1);
	if (c0 > c1) {
		t = c0;
		c0 = c1;
		c1 = t;
	}
	if (r0 > r1) {
		t = r0;
		r0 = r1;
		r1 = t;
	}
	term_set(TERM_BOX);
	/* the edges, each clipped to the pane */
	for (int col = c0 > 0 ? c0 : 0; col <= c1 && col < r->w; col++) {
		if (r0 >= 0 && r0 < r->h)
			term_char(r->y + r0, r->x + col, h);
		if (r1 >= 0 && r1 < r->h)
			term_char(r->y + r1, r->x + col, h);
	}
	for (int row = r0 > 0 ? r0 : 0; row <= r1 && row < r->h; row++) {
		if (c0 >= 0 && c0 < r->w)
			term_char(r->y + row, r->x + c0,
			    row == r0 || row == r1 ? corner : v);
		if (c1 >= 0 && c1 < r->w)
			term_char(r->y + row, r->x + c1,
			    row == r0 || row == r1 ? corner : v);
	}
}
