/*
 * mapview.h - the map view: the raster of every computer, the cursor,
 * the selection, and the keys that move over the map.
 *
 * Call order: mapview_init() once the explorer is initialised (roles and
 * disc sizes), mapview_resize() after each explorer_layout(),
 * mapview_rebuild() when a reaction asks for it, mapview_draw() for each
 * frame (a blit of the raster), mapview_free() at the end.  The loop
 * calls mapview_recolor() on TUI_RECOLOUR and mapview_centre() on
 * TUI_CENTRE; the handlers below are bound in keys.c.
 */
#ifndef FLOWMAP_TUI_MAPVIEW_H
#define FLOWMAP_TUI_MAPVIEW_H

#include "tui/explorer.h"

void	mapview_init(struct explorer *e);
void	mapview_free(struct explorer *e);
void	mapview_resize(struct explorer *e);
void	mapview_rebuild(struct explorer *e);
void	mapview_draw(struct explorer *e);
/* The roles of the computers from the bin that colours the map. */
void	mapview_recolor(struct explorer *e);
/* Put the cursor of the active map on e->sel. */
void	mapview_centre(struct explorer *e);

/* Key handlers: the view and zoom. */
enum tui_reaction mapview_zoom_in(struct explorer *, int);
enum tui_reaction mapview_zoom_out(struct explorer *, int);
enum tui_reaction mapview_reset_view(struct explorer *, int);
enum tui_reaction mapview_pan(struct explorer *, int);
enum tui_reaction mapview_pan_far(struct explorer *, int);
enum tui_reaction mapview_click(struct explorer *, int);
/* The selection. */
enum tui_reaction mapview_select_next(struct explorer *, int);
enum tui_reaction mapview_select_prev(struct explorer *, int);
enum tui_reaction mapview_centre_selected(struct explorer *, int);
enum tui_reaction mapview_jump_similar(struct explorer *, int);
/* Colours, bars and temperature. */
enum tui_reaction mapview_step_bin(struct explorer *, int);
enum tui_reaction mapview_clear_bin(struct explorer *, int);
enum tui_reaction mapview_temperature(struct explorer *, int);
enum tui_reaction mapview_reset_temperature(struct explorer *, int);
enum tui_reaction mapview_set_measure(struct explorer *, int);
/* The screen. */
enum tui_reaction mapview_toggle_pane(struct explorer *, int);
enum tui_reaction mapview_switch_map(struct explorer *, int);
enum tui_reaction mapview_toggle_split(struct explorer *, int);
enum tui_reaction mapview_toggle_mouse(struct explorer *, int);
enum tui_reaction mapview_repaint(struct explorer *, int);
enum tui_reaction mapview_quit(struct explorer *, int);

#endif
