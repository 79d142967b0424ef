/*
 * boxsel.h - a box drawn on the map by keys (B): its first corner is the
 * cursor when B is pressed; the cursor keys, H J K L and the zoom keys
 * move as on the map, and the box follows the cursor; Enter (or B again)
 * makes the computers inside the selection, z zooms the map to the box,
 * Esc leaves it.  (A drag of the mouse selects a box too: mapview.c.)
 *
 * Its state is e->box_x, e->box_y (explorer.h).
 */
#ifndef FLOWMAP_TUI_BOXSEL_H
#define FLOWMAP_TUI_BOXSEL_H

#include "tui/explorer.h"

/* The box's outline over the map, after mapview_draw(). */
void	boxsel_draw(struct explorer *e);
enum tui_reaction boxsel_open(struct explorer *, int);
enum tui_reaction boxsel_select(struct explorer *, int);
enum tui_reaction boxsel_zoom(struct explorer *, int);

#endif
