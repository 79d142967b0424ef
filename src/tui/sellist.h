/*
 * sellist.h - the selection as a list in the map's place (S): a row per
 * member with its flows, bytes and cluster, sorted by name, flows, bytes
 * or cluster (o cycles); the highlighted member is the selected computer
 * (the detail pane shows it), Enter centres the map on it.
 *
 * sellist_open() sorts the members; sellist_free() at the end.  Its
 * state is e->sl_* (explorer.h).
 */
#ifndef FLOWMAP_TUI_SELLIST_H
#define FLOWMAP_TUI_SELLIST_H

#include "tui/explorer.h"

void	sellist_draw(struct explorer *e);
void	sellist_free(struct explorer *e);
enum tui_reaction sellist_open(struct explorer *, int);
enum tui_reaction sellist_move(struct explorer *, int);
enum tui_reaction sellist_sort(struct explorer *, int);
enum tui_reaction sellist_choose(struct explorer *, int);

#endif
