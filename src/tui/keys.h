/*
 * keys.h - the one key table of the explorer.
 *
 * Every binding is one row {view, key, name, help, handler}: dispatch, the
 * `?` screen and man/keys.txt (hence the KEYS section of flowmap.1) all
 * come from it, and a unit test checks that man/keys.txt lists exactly
 * the rows of the table and that the man page shows each of them.  Mouse
 * events are keys too (term.h: TERM_KEY_CLICK, ...), so the table binds
 * and documents them the same way.  A handler changes the explorer's
 * state and returns a reaction (explorer.h); it never draws.
 *
 * A new key: one row here, next to the rows of the same view, with a
 * handler from that view's header; then regenerate man/keys.txt
 * (tests/unit/test_keys --print) and the man page (man/keys2man.awk).
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
	enum tui_reaction (*handler)(struct explorer *, int key);
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
