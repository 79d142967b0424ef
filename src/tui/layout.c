/*
 * layout.c - the rectangles of the explorer's screen (see layout.h).
 *
 * Invariants the tests check: the rectangles lie inside the terminal and
 * do not overlap; the two halves of a split share the map's rows and
 * differ in width by at most one column; a split is never narrower than
 * TUI_SPLIT_MIN_COLS in all.
 */
#include "tui/layout.h"

int
layout_split_fits(int cols)
{
	return cols >= TUI_SPLIT_MIN_COLS;
}

/* Width of the pane at the right of a cols-wide terminal. */
static int
pane_side_width(int cols)
{
	int pw = cols / 3;

	if (pw < TUI_PANE_MIN_W)
		pw = TUI_PANE_MIN_W;
	if (pw > TUI_PANE_MAX_W)
		pw = TUI_PANE_MAX_W;
	return pw;
}

int
layout_compute(struct layout *l, int cols, int lines, int pane, int split)
{
	int body = lines - 2, rc = 0, side;

	*l = (struct layout){0};
	l->too_small = cols < TUI_MIN_COLS || lines < TUI_MIN_LINES;
	if (split && !layout_split_fits(cols)) {
		split = 0;
		rc = -1;
	}
	l->split = split;
	l->title = (struct rect){ 0, 0, 1, cols };
	l->status = (struct rect){ lines - 1, 0, 1, cols };
	l->map = (struct rect){ 1, 0, body, cols };
	side = pane && cols >= TUI_PANE_SIDE_COLS;
	if (side && split &&
	    !layout_split_fits(cols - pane_side_width(cols)))
		side = 0;	/* both maps first: the pane goes below */
	if (side) {
		int pw = pane_side_width(cols);

		l->map.w = cols - pw;
		l->pane = (struct rect){ 1, cols - pw, body, pw };
	} else if (pane) {
		int ph = body / 2;

		l->map.h = body - ph;
		l->pane = (struct rect){ 1 + body - ph, 0, ph, cols };
	}
	l->half[LAYOUT_LEFT] = l->half[LAYOUT_RIGHT] = l->map;
	if (split) {
		int lw = (l->map.w - TUI_SPLIT_RULE_W) / 2;

		l->half[LAYOUT_LEFT].w = lw;
		l->rule = (struct rect){ l->map.y, l->map.x + lw, l->map.h,
		    TUI_SPLIT_RULE_W };
		l->half[LAYOUT_RIGHT] = (struct rect){ l->map.y,
		    l->rule.x + TUI_SPLIT_RULE_W, l->map.h,
		    l->map.w - lw - TUI_SPLIT_RULE_W };
	}
	return rc;
}
