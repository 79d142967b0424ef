/*
 * notes.c - the notes of loading as a list (see notes.h).
 *
 * The notes come from the stages through the sink (tui/sink.c), in the
 * order given, with names already escaped (base/sink.h); they are drawn
 * as they are, clipped by the width.  The list is a listnav whose cursor
 * row is highlighted, so Up and Down read one note at a time.
 */
#include <stdio.h>

#include "tui/notes.h"
#include "tui/term.h"

#define NOTES_HEAD_ROWS	1
#define NOTES_FOOT_ROWS	1

static size_t
page_rows(const struct explorer *e)
{
	int n = e->maprect.h - NOTES_HEAD_ROWS - NOTES_FOOT_ROWS;

	return n > 1 ? (size_t)n : 1;
}

enum tui_reaction
notes_open(struct explorer *e, int key)
{
	const char *const *notes;
	size_t n = tui_notes(&notes);

	(void)key;
	if (n == 0) {
		explorer_note(e, "no notes: every line was read");
		return TUI_REDRAW;
	}
	listnav_reset(&e->nt_list, n);
	e->view = VIEW_NOTES;
	return TUI_REDRAW;
}

enum tui_reaction
notes_move(struct explorer *e, int key)
{
	return listnav_key(&e->nt_list, key, page_rows(e)) ? TUI_REDRAW :
	    TUI_NONE;
}

void
notes_draw(struct explorer *e)
{
	const struct rect *r = &e->maprect;
	const struct listnav *l = &e->nt_list;
	const char *const *notes;
	size_t n = tui_notes(&notes), page = page_rows(e);
	char head[96];
	int y = r->y, x = r->x + 1, w = r->w - 2;

	snprintf(head, sizeof head, "notes of loading (%zu)", n);
	term_set(TERM_HEADING);
	term_text(y++, x, w, head);
	for (size_t k = l->top; k < l->n && k < n && k < l->top + page;
	    k++, y++) {
		term_set(k == l->cur ? TERM_CURSOR : TERM_PLAIN);
		if (k == l->cur)
			term_fill(y, r->x, r->w);
		term_text(y, x, w, notes[k]);
	}
	term_set(TERM_DIM);
	term_text(r->y + r->h - 1, x, w, "Up, Down, PgUp, PgDn: scroll  "
	    "Esc: back");
}
