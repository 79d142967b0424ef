/*
 * groups.h - the cluster list (g) and the mark list (M): the groups the
 * engine and the user named, in the map's place, filtered by a text
 * field; Enter makes the highlighted one the selection and fits the map
 * to it.
 *
 * groups_open() fills the list; groups_free() at the end.  Its state is
 * e->gr_* (explorer.h).
 */
#ifndef FLOWMAP_TUI_GROUPS_H
#define FLOWMAP_TUI_GROUPS_H

#include "tui/explorer.h"

void	groups_draw(struct explorer *e);
void	groups_free(struct explorer *e);
enum tui_reaction groups_open(struct explorer *, int);
enum tui_reaction groups_move(struct explorer *, int);
enum tui_reaction groups_edit(struct explorer *, int);
enum tui_reaction groups_switch(struct explorer *, int);
enum tui_reaction groups_choose(struct explorer *, int);

#endif
