/*
 * help.c - the `?` screen: every row of the key table, grouped by view
 * (rows with the same handler and help in a run share a line), then the
 * colour rules.  Nothing here is written by hand that the table knows.
 */
#include <stdio.h>
#include <string.h>

#include "tui/tcurses.h"
#include "tui/help.h"
#include "tui/keys.h"
#include "tui/term.h"

#define HELP_KEYS_W	18	/* the key names column */


/* Emit help line `i` (draw when y >= 0); returns the number of lines. */
static int
help_lines(int y0, int first, int nrows, int x, int w)
{
	char names[64], line[192];
	int n = 0;

#define EMIT(role, text) do {						\
	if (y0 >= 0 && n >= first && n < first + nrows) {		\
		term_set(role);						\
		term_text(y0 + n - first, x, w, text);			\
	}								\
	n++;								\
} while (0)

	for (int v = 0; v < VIEW_NVIEWS; v++) {
		snprintf(line, sizeof line, "%s keys",
		    keys_view_name((enum tui_view)v));
		if (v)
			EMIT(TERM_PLAIN, "");
		EMIT(TERM_HEADING, line);
		for (size_t i = 0; i < keys_count; i++) {
			const struct key_binding *b = &keys_table[i];

			if (b->view != (enum tui_view)v)
				continue;
			if (i > 0 && keys_table[i - 1].view == b->view &&
			    keys_table[i - 1].handler == b->handler &&
			    strcmp(keys_table[i - 1].help, b->help) == 0)
				continue;	/* shown with the first of the run */
			names[0] = '\0';
			for (size_t j = i; j < keys_count &&
			    keys_table[j].view == b->view &&
			    keys_table[j].handler == b->handler &&
			    strcmp(keys_table[j].help, b->help) == 0; j++) {
				if (names[0])
					strncat(names, " ", sizeof names -
					    strlen(names) - 1);
				strncat(names, keys_table[j].name,
				    sizeof names - strlen(names) - 1);
			}
			snprintf(line, sizeof line, "  %-*s %s", HELP_KEYS_W,
			    names, b->help);
			EMIT(TERM_PLAIN, line);
		}
	}
	EMIT(TERM_PLAIN, "");
	for (size_t i = 0; keys_notes[i] != NULL; i++)
		EMIT(i == 0 ? TERM_HEADING : TERM_PLAIN, keys_notes[i]);
#undef EMIT
	return n;
}

static int
help_page(const struct explorer *e)
{
	return e->lines - 2 > 1 ? e->lines - 2 : 1;
}

void
help_draw(struct explorer *e)
{
	help_lines(1, e->help_top, help_page(e), 1, e->cols - 2);
}

enum tui_reaction
help_open(struct explorer *e, int key)
{
	(void)key;
	e->view = VIEW_HELP;
	e->help_top = 0;
	return TUI_REDRAW;
}

enum tui_reaction
help_scroll(struct explorer *e, int key)
{
	int total = help_lines(-1, 0, 0, 0, 0), page = help_page(e);
	int max = total - page > 0 ? total - page : 0;

	switch (key) {
	case KEY_DOWN: case 'j':
	case TERM_KEY_WHEEL_DOWN:	e->help_top++; break;
	case KEY_UP: case 'k':
	case TERM_KEY_WHEEL_UP:		e->help_top--; break;
	case KEY_NPAGE: case ' ':	e->help_top += page - 1; break;
	case KEY_PPAGE:			e->help_top -= page - 1; break;
	default:			return TUI_NONE;
	}
	if (e->help_top > max)
		e->help_top = max;
	if (e->help_top < 0)
		e->help_top = 0;
	return TUI_REDRAW;
}

