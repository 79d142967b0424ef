/*
 * history.h - back and forward through the places the user looked at,
 * as a web browser does: each state is where both maps were (centre,
 * zoom, cursor), which one was active and the selected computer.
 *
 * Two bounded stacks: `back` holds the states before the current one,
 * `forward` those undone.  history_push() records the state about to be
 * left (and forgets the forward ones, as a new page does); a run of small
 * steps (pans, cursor moves, zooms by a key) is one entry, so that back
 * undoes the run and not each key: history_push() with HISTORY_STEP after
 * another HISTORY_STEP records nothing.  Jumps (a cluster, a search match,
 * Enter, a click, a reset) are one entry each.
 *
 * No curses: the unit test drives it.  A zeroed struct history is empty;
 * it holds no pointers.
 */
#ifndef FLOWMAP_TUI_HISTORY_H
#define FLOWMAP_TUI_HISTORY_H

#include <stddef.h>

#define HISTORY_MAX	64	/* states each way; older ones are dropped */
#define HISTORY_NPANES	2	/* the functional and communications maps */

struct history_pane {
	double	cx, cy, zoom;	/* the view */
	double	curx, cury;	/* the cursor */
};

struct history_state {
	struct history_pane pane[HISTORY_NPANES];
	int	active;
	size_t	sel;
};

enum history_kind {
	HISTORY_JUMP,
	HISTORY_STEP
};

struct history {
	struct history_state back[HISTORY_MAX], forward[HISTORY_MAX];
	size_t	nback, nforward;
	int	in_steps;	/* the last push was a step */
};

/* Record `now` (the state being left) before a change of kind `kind`. */
void	history_push(struct history *h, const struct history_state *now,
	    enum history_kind kind);
/* Go back: *now (the current state) is kept for forward and replaced by
 * the previous one.  Returns 0, or -1 when there is nothing before. */
int	history_back(struct history *h, struct history_state *now);
/* Go forward again: the reverse of history_back(). */
int	history_forward(struct history *h, struct history_state *now);

#endif
