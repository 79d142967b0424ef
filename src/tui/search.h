/*
 * search.h - the search prompt: a name or a mark label (whole or a part,
 * as shown) typed in the status line; Enter puts the cursor on the first
 * match, exact ones first, and highlights them all; n and N on the map go
 * to the next and previous one.
 *
 * search_open() (bound to / in the map view) starts an empty field;
 * search_free() at the end.  Its state is e->search, e->search_last and
 * the matches e->match, e->matches, e->nmatches, e->match_cur.
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
/* n, N on the map: the next or previous match. */
enum tui_reaction search_step(struct explorer *, int);

#endif
