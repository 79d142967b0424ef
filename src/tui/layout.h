/*
 * layout.h - where each part of the explorer's screen goes.
 *
 * Pure arithmetic on the terminal's size and two wishes (the detail pane,
 * the split screen): no curses, so the unit tests check it.  tui.c calls
 * layout_compute() on start, on KEY_RESIZE and when a wish changes, and
 * copies the rectangles into the explorer.
 *
 * The screen: a title line, the body, a status line.  The body holds the
 * map and, when wanted, the detail pane: at the right from
 * TUI_PANE_SIDE_COLS columns, else below the map.  The split screen puts
 * the functional map in the left half of the map area and the
 * communications map in the right half, with a one-column rule between;
 * it needs a map area of TUI_SPLIT_MIN_COLS, so with the pane wanted it
 * moves the pane below the map when the pane at the right would leave
 * less than that.
 */
#ifndef FLOWMAP_TUI_LAYOUT_H
#define FLOWMAP_TUI_LAYOUT_H

struct rect {
	int	y, x, h, w;
};

#define TUI_MIN_COLS		40	/* smaller: "terminal too small" */
#define TUI_MIN_LINES		10
#define TUI_PANE_SIDE_COLS	90	/* from this width the pane is at the right */
#define TUI_PANE_MIN_W		34
#define TUI_PANE_MAX_W		46
#define TUI_SPLIT_MIN_COLS	100	/* the split screen needs a map this wide */
#define TUI_SPLIT_RULE_W	1	/* the rule between the two halves */

/* The halves of the split screen, and the one map of the single view. */
enum layout_half {
	LAYOUT_LEFT,		/* the functional map */
	LAYOUT_RIGHT,		/* the communications map */
	LAYOUT_NHALVES
};

struct layout {
	int		too_small;	/* below TUI_MIN_COLS x TUI_MIN_LINES */
	int		split;		/* both maps shown */
	struct rect	title, map, pane, status;	/* pane.h 0: none */
	struct rect	half[LAYOUT_NHALVES];	/* split: the halves of map;
						   else both equal to map */
	struct rect	rule;		/* split: the column between halves */
};

/* Is a terminal this wide enough for the split screen? */
int	layout_split_fits(int cols);
/*
 * The layout of a cols x lines terminal, with the detail pane if `pane`
 * and both maps if `split`.  Returns 0, or -1 when the split screen was
 * asked for but does not fit (l->split is then 0: one map).
 */
int	layout_compute(struct layout *l, int cols, int lines, int pane,
	    int split);

#endif
