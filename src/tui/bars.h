/*
 * bars.h - the title line (the input, the legend of the chosen port) and
 * the status line (zoom, map, computers in view, T, port, bars, mouse,
 * and a one-frame note).  Draw only; no keys.
 */
#ifndef FLOWMAP_TUI_BARS_H
#define FLOWMAP_TUI_BARS_H

#include "tui/explorer.h"

void	bars_title_draw(struct explorer *e);
/* Clears e->message: a note lasts one frame. */
void	bars_status_draw(struct explorer *e);

#endif
