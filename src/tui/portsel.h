/*
 * portsel.h - the port and protocol selector: the bins as a list in the
 * map's place, filtered by a text field, Enter colours the map.
 *
 * portsel_open() (bound to p and P in the map view) fills the list;
 * portsel_free() at the end.  Its state is e->ps_* (explorer.h).
 */
#ifndef FLOWMAP_TUI_PORTSEL_H
#define FLOWMAP_TUI_PORTSEL_H

#include "tui/explorer.h"

void	portsel_draw(struct explorer *e);
void	portsel_free(struct explorer *e);
enum tui_reaction portsel_open(struct explorer *, int);
enum tui_reaction portsel_move(struct explorer *, int);
enum tui_reaction portsel_edit(struct explorer *, int);
enum tui_reaction portsel_switch_kind(struct explorer *, int);
enum tui_reaction portsel_choose(struct explorer *, int);

#endif
