/*
 * frame.h - one frame of the explorer (tui.c): the title, every visible
 * view, the detail pane and the status line, drawn into curses' virtual
 * screen and sent with refresh().  The loop draws a frame after each
 * reaction; the redraw benchmark (tests/bench/explorer-bench.c) times it
 * apart from the raster's rebuild (mapview_rebuild()).
 */
#ifndef FLOWMAP_TUI_FRAME_H
#define FLOWMAP_TUI_FRAME_H

#include "tui/explorer.h"

void	tui_frame_draw(struct explorer *e);

#endif
