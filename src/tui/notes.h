/*
 * notes.h - what the stages noted while the map was made (malformed
 * lines, marked computers not in the map, ...: tui_notes()), as a
 * scrollable list in the map's place (!).  The status line counts them.
 */
#ifndef FLOWMAP_TUI_NOTES_H
#define FLOWMAP_TUI_NOTES_H

#include "tui/explorer.h"

void	notes_draw(struct explorer *e);
enum tui_reaction notes_open(struct explorer *, int);
enum tui_reaction notes_move(struct explorer *, int);

#endif
