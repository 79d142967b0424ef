/*
 * tui.c - the explorer's event loop: keys to handlers, reactions to
 * effects, frames to the screen.
 *
 * The screen (layout.c): a title line (the input and the colour legend),
 * the map, or both maps side by side, with the detail pane at its right
 * (or below it when the terminal is narrow), and a status line (zoom,
 * which map the keys act on, computers in view, T, the selected port, or
 * the search prompt).  The port selector, the cluster and mark lists,
 * the selection list and the notes take the map's place; help takes the
 * whole body; the search and export prompts take the status line's.
 *
 * The loop waits for a key (with a timeout, to notice ^C), handles
 * KEY_RESIZE before anything else, looks the key (or mouse event) up in
 * the key table and carries out what the handler returns (explorer.h):
 * this file is the one place that calls more than one view, so the views
 * never call each other.  The raster is rebuilt only when a reaction asks;
 * each frame is drawn into curses' virtual screen after erase(), and
 * refresh() sends only the cells that changed (no clear(): over SSH a
 * full repaint per key is what makes a TUI feel slow).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "tui/tcurses.h"
#include "tui/bars.h"
#include "tui/boxsel.h"
#include "tui/detail.h"
#include "tui/explorer.h"
#include "tui/export.h"
#include "tui/frame.h"
#include "tui/groups.h"
#include "tui/help.h"
#include "tui/keys.h"
#include "tui/mapopts.h"
#include "tui/mapview.h"
#include "tui/notes.h"
#include "tui/portsel.h"
#include "tui/search.h"
#include "tui/sellist.h"
#include "tui/term.h"
#include "tui/tui.h"

#define TUI_KEY_POLL_MS	250	/* how often the loop looks at the ^C flag */

static void
too_small_draw(struct explorer *e)
{
	char buf[96];
	int n;

	snprintf(buf, sizeof buf, "terminal too small: need %dx%d",
	    TUI_MIN_COLS, TUI_MIN_LINES);
	n = (int)strlen(buf);
	term_set(TERM_WARN);
	term_text(e->lines / 2, n < e->cols ? (e->cols - n) / 2 : 0, e->cols,
	    buf);
}

void
tui_frame_draw(struct explorer *e)
{
	erase();
	if (e->too_small) {
		too_small_draw(e);
		refresh();
		return;
	}
	bars_title_draw(e);
	switch (e->view) {
	case VIEW_HELP:
		help_draw(e);
		break;
	case VIEW_PORTSEL:
		portsel_draw(e);
		break;
	case VIEW_GROUPS:
		groups_draw(e);
		break;
	case VIEW_SELLIST:
		sellist_draw(e);
		break;
	case VIEW_NOTES:
		notes_draw(e);
		break;
	default:
		mapview_draw(e);
		if (e->view == VIEW_BOX)
			boxsel_draw(e);
		break;
	}
	if (e->view != VIEW_HELP && e->panerect.h > 0)
		detail_draw(e);
	if (e->view == VIEW_SEARCH)
		search_draw(e);
	else if (e->view == VIEW_EXPORT)
		export_draw(e);
	else
		bars_status_draw(e);
	term_set(TERM_PLAIN);
	refresh();
}

static void
layout(struct explorer *e)
{
	int lines, cols;

	term_size(&lines, &cols);
	explorer_layout(e, lines, cols);
	if (!e->too_small)
		mapview_resize(e);
}

/* Carry out a handler's reaction; returns 0 to go on, 1 to quit. */
static int
react(struct explorer *e, enum tui_reaction r)
{
	if (r & TUI_QUIT)
		return 1;
	if ((r & TUI_MOUSE) && term_mouse(e->mouse) < 0) {
		e->mouse = 0;
		explorer_note(e, "this terminal reports no mouse");
	}
	if (r & TUI_LAYOUT)
		layout(e);
	if (r & TUI_RECOLOUR)
		mapopts_recolor(e);
	if ((r & TUI_CENTRE) && e->sel < e->m->ncomputers)
		mapview_centre(e);
	if ((r & TUI_FIT) && !e->too_small)
		mapview_fit_selection(e);
	if (r & TUI_REPAINT)
		term_repaint();
	if ((r & (TUI_LAYOUT | TUI_RECOLOUR | TUI_CENTRE | TUI_FIT |
	    TUI_REBUILD)) &&
	    !e->too_small)
		mapview_rebuild(e);
	if (r != TUI_NONE)
		tui_frame_draw(e);
	return 0;
}

static int
explorer_loop(struct explorer *e)
{
	react(e, TUI_REBUILD);
	for (;;) {
		const struct key_binding *b;
		int key = term_getkey(TUI_KEY_POLL_MS);

		if (term_interrupted())
			return 0;
		if (key == KEY_RESIZE) {
			react(e, TUI_LAYOUT);
			continue;
		}
		if (key == ERR)
			continue;
		if (e->too_small) {
			if (key == 'q')
				return 0;
			continue;
		}
		if (TERM_KEY_IS_MOUSE(key))
			term_pointer(&e->pointer_y, &e->pointer_x);
		b = keys_find(e->view, key);
		if (b != NULL && react(e, b->handler(e, key)))
			return 0;
	}
}

int
tui_run(const struct map *m, const struct tui_options *o, char *err,
    size_t errlen)
{
	struct explorer e;
	int rc;

	if (m == NULL || o == NULL) {
		snprintf(err, errlen, "no map to explore");
		return -1;
	}
	if (term_begin(o, err, errlen) < 0)
		return -1;
	explorer_init(&e, m, o);
	mapview_init(&e);
	layout(&e);
	rc = explorer_loop(&e);
	mapview_free(&e);
	portsel_free(&e);
	groups_free(&e);
	sellist_free(&e);
	search_free(&e);
	export_free(&e);
	explorer_free(&e);
	term_end();
	return rc;
}
