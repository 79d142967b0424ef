/*
 * textfield.h - one line of text the user types: the port selector's
 * filter, the search pattern, and every prompt to come (a file name).
 *
 * The text is UTF-8 and grows as it must (no fixed buffer); the cursor
 * is a byte offset that always sits on a character boundary, so editing
 * never splits a character.  A zeroed struct textfield is an empty field;
 * textfield_free() releases the text.  The field owns its buffer:
 * textfield_text() lends it until the next edit.
 *
 * The editing functions know nothing of keys or curses, so the unit test
 * drives them directly.  textfield_key() maps the editing keys of the key
 * table (text characters, Backspace, Delete, Left, Right, Home, End, C-u)
 * to them, and textfield_draw() shows the field, escaped, with its cursor.
 */
#ifndef FLOWMAP_TUI_TEXTFIELD_H
#define FLOWMAP_TUI_TEXTFIELD_H

#include <stddef.h>

#include "tui/term.h"

struct textfield {
	char	*buf;		/* NUL-terminated when cap > 0; owned */
	size_t	 len;		/* bytes before the NUL */
	size_t	 cap;		/* bytes allocated */
	size_t	 cursor;	/* byte offset, 0..len, on a boundary */
};

/* What an edit did: the views refilter only when the text changed. */
enum textfield_change {
	TEXTFIELD_SAME,		/* nothing (Backspace at the start, ...) */
	TEXTFIELD_MOVED,	/* only the cursor */
	TEXTFIELD_CHANGED	/* the text */
};

/* The text, "" when empty. */
const char *textfield_text(const struct textfield *f);
int	textfield_empty(const struct textfield *f);
/* Replace the text with s; the cursor goes to the end. */
void	textfield_set(struct textfield *f, const char *s);
void	textfield_clear(struct textfield *f);
void	textfield_free(struct textfield *f);

/* Insert codepoint cp (UTF-8 encoded) at the cursor; cp > 0x10ffff or a
 * surrogate is refused (TEXTFIELD_SAME). */
enum textfield_change textfield_insert(struct textfield *f, unsigned cp);
/* Delete the character before (backspace) or at (delete) the cursor. */
enum textfield_change textfield_backspace(struct textfield *f);
enum textfield_change textfield_delete(struct textfield *f);
/* Move the cursor one character, or to either end. */
enum textfield_change textfield_left(struct textfield *f);
enum textfield_change textfield_right(struct textfield *f);
enum textfield_change textfield_home(struct textfield *f);
enum textfield_change textfield_end(struct textfield *f);

/* Apply an editing key (as term_getkey() returns it). */
enum textfield_change textfield_key(struct textfield *f, int key);
/* Draw the field escaped in w columns at (y, x) in `role`, the cursor
 * cell in reverse video (a '_' past the end); a text wider than w scrolls
 * so the cursor stays in view.  Returns the columns used. */
int	textfield_draw(const struct textfield *f, int y, int x, int w,
	    enum term_role role);
/* A one-line prompt: w columns at (y, x) filled in `role`, the label
 * (ours, not escaped), then the field (the search; a file name). */
void	textfield_prompt_draw(const struct textfield *f, int y, int x, int w,
	    const char *label, enum term_role role);

#endif
