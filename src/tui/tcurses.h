/*
 * tcurses.h - include ncursesw with its wide-character API, wherever
 * configure found the header.  Only the terminal module and the views
 * include this; the raster (canvas.h) never does.
 */
#ifndef FLOWMAP_TUI_TCURSES_H
#define FLOWMAP_TUI_TCURSES_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#if defined(HAVE_NCURSESW_CURSES_H)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif

#endif
