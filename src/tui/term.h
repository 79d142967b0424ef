/*
 * term.h - the terminal module: the only code that talks to curses setup,
 * signals and colours.
 *
 * The terminal is one resource, so the session is one static state inside
 * term.c.  term_begin() sets curses up (idempotent: a second call while a
 * session is running only succeeds); term_end() restores the terminal and
 * may be called any number of times.  Between the two, SIGINT sets a flag
 * (term_interrupted()), SIGTERM/SIGHUP/SIGQUIT and fatal signals restore
 * the terminal and die of the signal, and exit() restores it via atexit.
 *
 * Colour roles come from one table in term.c, with a rich 256-colour
 * foreground, an 8-colour fallback and a monochrome attribute: the views
 * name roles, never colours.
 */
#ifndef FLOWMAP_TUI_TERM_H
#define FLOWMAP_TUI_TERM_H

#include <stddef.h>

struct tui_options;

enum term_role {
	TERM_PLAIN,
	TERM_GREEN,		/* queries the selected port */
	TERM_RED,		/* serves it */
	TERM_BLUE,		/* both */
	TERM_MARKED,		/* carries a mark label */
	TERM_CHOSEN,		/* in the selection */
	TERM_MATCH,		/* matches the search */
	TERM_SELECTED,		/* the computer under the cursor */
	TERM_CURSOR,
	TERM_TITLE,
	TERM_STATUS,
	TERM_HEADING,
	TERM_DIM,
	TERM_BAR_IN,
	TERM_BAR_OUT,
	TERM_WARN,
	TERM_BOX,		/* the box being drawn, cluster numbers */
	TERM_NROLES
};

/* Keys as term_getkey() returns them: curses KEY_* codes, characters below
 * 256, and wider characters tagged with TERM_KEY_WIDE.  Enter is always
 * '\r', Backspace always KEY_BACKSPACE. */
#define TERM_KEY_WIDE	0x40000000
#define TERM_KEY_ESC	27
#define TERM_KEY_CTRL(c) ((c) & 0x1f)
/* Mouse events, as keys so that the key table binds them too; where the
 * pointer was: term_pointer(). */
#define TERM_KEY_MOUSE_BASE	0x20000000
#define TERM_KEY_CLICK		(TERM_KEY_MOUSE_BASE + 1)	/* button 1 */
#define TERM_KEY_WHEEL_UP	(TERM_KEY_MOUSE_BASE + 2)
#define TERM_KEY_WHEEL_DOWN	(TERM_KEY_MOUSE_BASE + 3)
#define TERM_KEY_RELEASE	(TERM_KEY_MOUSE_BASE + 4)	/* button 1 up */
#define TERM_KEY_IS_MOUSE(k)	((k) >= TERM_KEY_CLICK && \
				 (k) <= TERM_KEY_RELEASE)

int	term_begin(const struct tui_options *o, char *err, size_t errlen);
void	term_end(void);
int	term_active(void);
int	term_utf8(void);	/* draw box and block characters */
/* Draw braille: UTF-8, and not the Linux console (TERM=linux or
 * linux-*), whose fonts have no braille. */
int	term_braille(void);
int	term_color(void);	/* colours distinguish roles */
/* Mouse capture on or off (off: the terminal's own selection works).
 * Returns 0, or -1 when the terminal reports no mouse. */
int	term_mouse(int on);
/* The cell of the last mouse event. */
void	term_pointer(int *y, int *x);
/* The terminal's size in cells. */
void	term_size(int *lines, int *cols);
/* The next refresh repaints every cell (line noise over SSH). */
void	term_repaint(void);
/* SIGINT since the last call: returns the flag and clears it. */
int	term_interrupted(void);
/* A key within timeout_ms (-1: wait), ERR for none. */
int	term_getkey(int timeout_ms);
/* The character of a key for text entry, or 0 when it is not text. */
unsigned term_key_char(int key);

/* Drawing helpers on the screen. */
void	term_set(enum term_role role);
/* Text at (y, x), at most w columns, clipped by display width; text is
 * UTF-8 already sanitised.  Returns the columns used. */
int	term_text(int y, int x, int w, const char *s);
/* The display width of UTF-8 text, as term_text() draws it. */
int	term_width(const char *s);
/* The longest end of s that is at most w columns wide. */
const char *term_tail(const char *s, int w);
/* Fill w columns of row y from x with blanks in the current role. */
void	term_fill(int y, int x, int w);
/* One character (a codepoint; ASCII without UTF-8) at (y, x). */
void	term_char(int y, int x, unsigned cp);

#endif
