/*
 * keys.h - the one key table of the explorer.
 *
 * Every binding is one row {view, key, name, help, handler}: dispatch, the
 * `?` screen and man/keys.txt all come from it, and a unit test checks
 * that man/keys.txt lists exactly the rows of the table.  A handler
 * changes the explorer's state and returns what the loop should do; it
 * never draws.
 */
#ifndef FLOWMAP_TUI_KEYS_H
#define FLOWMAP_TUI_KEYS_H

#include <stddef.h>
#include <stdio.h>

#include "tui/explorer.h"

/* The key of a row that takes any text character (the filter, search). */
#define KEYS_TEXT	(-2)

struct key_binding {
	enum tui_view	 view;
	int		 key;		/* as term_getkey() returns it */
	const char	*name;		/* "Left", "C-l", "+" */
	const char	*help;
	enum tui_action	(*handler)(struct explorer *, int key);
};

extern const struct key_binding	keys_table[];
extern const size_t		keys_count;
/* What the colours and glyphs mean, for the help screen and the manual;
 * NULL-terminated. */
extern const char *const	keys_notes[];

/* The binding of key in view: an exact row first, then a KEYS_TEXT row
 * for text characters; NULL when the key does nothing there. */
const struct key_binding *keys_find(enum tui_view view, int key);
/* "map", "port selector", "search", "help". */
const char	*keys_view_name(enum tui_view view);
/* The table as man/keys.txt has it: a "[view]" line, then "name<TAB>help"
 * lines, for each view; then "[notes]" and the notes. */
void		 keys_print(FILE *f);

#endif
