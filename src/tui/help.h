/*
 * help.h - the `?` screen: the key table by view, then the notes on
 * colours and sizes (keys.h); nothing in it is written by hand.
 */
#ifndef FLOWMAP_TUI_HELP_H
#define FLOWMAP_TUI_HELP_H

#include "tui/explorer.h"

void	help_draw(struct explorer *e);
enum tui_reaction help_open(struct explorer *, int);
enum tui_reaction help_scroll(struct explorer *, int);

#endif
