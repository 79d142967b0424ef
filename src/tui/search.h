/*
 * search.h - the search prompt: a name (substring, as shown) typed in the
 * status line; Enter puts the cursor on the next computer whose shown
 * name holds it, after the selected one, so Enter again finds the next.
 *
 * search_open() (bound to / in the map view) starts an empty field;
 * search_free() at the end.  Its state is e->search, e->search_last.
 */
#ifndef FLOWMAP_TUI_SEARCH_H
#define FLOWMAP_TUI_SEARCH_H

#include "tui/explorer.h"

/* The prompt, in the status line's place. */
void	search_draw(struct explorer *e);
void	search_free(struct explorer *e);
enum tui_reaction search_open(struct explorer *, int);
enum tui_reaction search_edit(struct explorer *, int);
enum tui_reaction search_next(struct explorer *, int);

#endif
