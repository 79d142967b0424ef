/*
 * mapview.h - the map view: the raster of every computer, the cursor,
 * the selection, and the keys that move over the map.
 *
 * Call order: mapview_init() once the explorer is initialised (roles and
 * disc sizes), mapview_resize() after each explorer_layout(),
 * mapview_rebuild() when a reaction asks for it, mapview_draw() for each
 * frame (a blit of the raster), mapview_free() at the end.  The loop
 * calls mapview_centre() on TUI_CENTRE and mapview_fit_selection() on
 * TUI_FIT; the handlers below are bound in keys.c (the map's settings
 * are mapopts.h's).
 */
#ifndef FLOWMAP_TUI_MAPVIEW_H
#define FLOWMAP_TUI_MAPVIEW_H

#include "tui/explorer.h"

void	mapview_init(struct explorer *e);
void	mapview_free(struct explorer *e);
void	mapview_resize(struct explorer *e);
void	mapview_rebuild(struct explorer *e);
void	mapview_draw(struct explorer *e);
/* Put the cursor of the active map on e->sel, the view centred on it. */
void	mapview_centre(struct explorer *e);
/* Fit the active map to the selection's box, the cursor on its member
 * nearest the members' mean (TUI_FIT). */
void	mapview_fit_selection(struct explorer *e);

/* Key handlers: the view and zoom. */
enum tui_reaction mapview_zoom_in(struct explorer *, int);
enum tui_reaction mapview_zoom_out(struct explorer *, int);
enum tui_reaction mapview_reset_view(struct explorer *, int);
enum tui_reaction mapview_move(struct explorer *, int);
enum tui_reaction mapview_pan_far(struct explorer *, int);
enum tui_reaction mapview_history(struct explorer *, int);
enum tui_reaction mapview_switch_map(struct explorer *, int);
/* The mouse: a click (press) and the release that ends a drag. */
enum tui_reaction mapview_click(struct explorer *, int);
enum tui_reaction mapview_release(struct explorer *, int);
/* The selected computer. */
enum tui_reaction mapview_select_next(struct explorer *, int);
enum tui_reaction mapview_select_prev(struct explorer *, int);
enum tui_reaction mapview_centre_selected(struct explorer *, int);
enum tui_reaction mapview_jump_similar(struct explorer *, int);
/* The selection. */
enum tui_reaction mapview_zoom_selection(struct explorer *, int);
enum tui_reaction mapview_select_view(struct explorer *, int);

#endif
