/*
 * mapopts.h - the map's settings (see mapopts.c): handlers bound in
 * keys.c, and mapopts_recolor(), which the loop calls on TUI_RECOLOUR
 * (and mapview_init() once) to give each computer its role from the bin
 * that colours the map.
 */
#ifndef FLOWMAP_TUI_MAPOPTS_H
#define FLOWMAP_TUI_MAPOPTS_H

#include "tui/explorer.h"

/* The roles of the computers from the bin that colours the map. */
void	mapopts_recolor(struct explorer *e);

/* Colours, bars and temperature. */
enum tui_reaction mapopts_step_bin(struct explorer *, int);
enum tui_reaction mapopts_clear_bin(struct explorer *, int);
enum tui_reaction mapopts_temperature(struct explorer *, int);
enum tui_reaction mapopts_reset_temperature(struct explorer *, int);
enum tui_reaction mapopts_set_measure(struct explorer *, int);
/* The screen. */
enum tui_reaction mapopts_toggle_pane(struct explorer *, int);
enum tui_reaction mapopts_toggle_split(struct explorer *, int);
enum tui_reaction mapopts_toggle_mouse(struct explorer *, int);
enum tui_reaction mapopts_toggle_cluster_names(struct explorer *, int);
enum tui_reaction mapopts_repaint(struct explorer *, int);
enum tui_reaction mapopts_quit(struct explorer *, int);
/* The selection and the search's highlights. */
enum tui_reaction mapopts_select_matches(struct explorer *, int);
enum tui_reaction mapopts_clear_selection(struct explorer *, int);
enum tui_reaction mapopts_clear_matches(struct explorer *, int);

#endif
