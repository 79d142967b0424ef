/*
 * search.c - find a computer by name (see search.h).
 *
 * The pattern is a text field in the status line's place.  It matches
 * the names as the screen shows them (escaped, explorer.c), without
 * regard to case, so that what the user reads is what the user can
 * type, "\e" included.  The search starts after the selected computer
 * and wraps, so Enter again (or Enter on an empty field, which repeats
 * the last pattern) walks through every match; the view only chooses the
 * computer and asks the loop to centre on it (TUI_CENTRE).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/xalloc.h"
#include "tui/search.h"
#include "tui/term.h"

#define SEARCH_PROMPT	"search: "

void
search_free(struct explorer *e)
{
	textfield_free(&e->search);
	free(e->search_last);
	e->search_last = NULL;
}

enum tui_reaction
search_open(struct explorer *e, int key)
{
	(void)key;
	e->view = VIEW_SEARCH;
	textfield_clear(&e->search);
	return TUI_REDRAW;
}

enum tui_reaction
search_edit(struct explorer *e, int key)
{
	return textfield_key(&e->search, key) != TEXTFIELD_SAME ? TUI_REDRAW :
	    TUI_NONE;
}

enum tui_reaction
search_next(struct explorer *e, int key)
{
	const struct map *m = e->m;
	size_t start, n = m->ncomputers;
	char echo[TUI_ECHO_MAX];

	(void)key;
	e->view = VIEW_MAP;
	if (!textfield_empty(&e->search)) {
		free(e->search_last);
		e->search_last = xstrdup(textfield_text(&e->search));
	}
	if (e->search_last == NULL || n == 0)
		return TUI_REDRAW;
	start = e->sel == SIZE_MAX ? 0 : e->sel + 1;
	for (size_t k = 0; k < n; k++) {
		size_t i = (start + k) % n;

		if (strcasestr(e->names[i], e->search_last) != NULL) {
			e->sel = i;
			return TUI_CENTRE;
		}
	}
	explorer_note(e, "no computer matches \"%s\"", escape_text(
	    e->search_last, strlen(e->search_last), echo, sizeof echo));
	return TUI_REDRAW;
}

void
search_draw(struct explorer *e)
{
	textfield_prompt_draw(&e->search, e->status.y, 0, e->cols,
	    SEARCH_PROMPT, TERM_STATUS);
}
