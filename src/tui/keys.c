/*
 * keys.c - the key table (see keys.h).  Rows of one view are listed in
 * the order the help screen shows them; several keys for one command are
 * consecutive rows with the same handler and help, which the help screen
 * shows on one line.
 */
#include <string.h>

#include "tui/tcurses.h"
#include "tui/keys.h"
#include "tui/term.h"

const struct key_binding keys_table[] = {
	/* the map */
	{ VIEW_MAP, '+', "+", "zoom in around the cursor", map_zoom_in },
	{ VIEW_MAP, '=', "=", "zoom in around the cursor", map_zoom_in },
	{ VIEW_MAP, '-', "-", "zoom out around the cursor", map_zoom_out },
	{ VIEW_MAP, '0', "0", "reset the view: the whole map", map_reset },
	{ VIEW_MAP, KEY_LEFT, "Left", "pan left", map_pan },
	{ VIEW_MAP, 'h', "h", "pan left", map_pan },
	{ VIEW_MAP, KEY_DOWN, "Down", "pan down", map_pan },
	{ VIEW_MAP, 'j', "j", "pan down", map_pan },
	{ VIEW_MAP, KEY_UP, "Up", "pan up", map_pan },
	{ VIEW_MAP, 'k', "k", "pan up", map_pan },
	{ VIEW_MAP, KEY_RIGHT, "Right", "pan right", map_pan },
	{ VIEW_MAP, 'l', "l", "pan right", map_pan },
	{ VIEW_MAP, 'H', "H", "pan left a quarter screen", map_pan_far },
	{ VIEW_MAP, 'J', "J", "pan down a quarter screen", map_pan_far },
	{ VIEW_MAP, 'K', "K", "pan up a quarter screen", map_pan_far },
	{ VIEW_MAP, 'L', "L", "pan right a quarter screen", map_pan_far },
	{ VIEW_MAP, '\t', "Tab", "select the next computer near the cursor",
	  map_next },
	{ VIEW_MAP, 'n', "n", "select the next computer near the cursor",
	  map_next },
	{ VIEW_MAP, KEY_BTAB, "S-Tab",
	  "select the previous computer near the cursor", map_prev },
	{ VIEW_MAP, 'N', "N", "select the previous computer near the cursor",
	  map_prev },
	{ VIEW_MAP, '\r', "Enter", "centre the map on the selected computer",
	  map_centre },
	{ VIEW_MAP, '1', "1", "jump to the most similar computer (detail pane)",
	  map_similar },
	{ VIEW_MAP, '2', "2", "jump to the 2nd most similar computer",
	  map_similar },
	{ VIEW_MAP, '3', "3", "jump to the 3rd most similar computer",
	  map_similar },
	{ VIEW_MAP, '4', "4", "jump to the 4th most similar computer",
	  map_similar },
	{ VIEW_MAP, '5', "5", "jump to the 5th most similar computer",
	  map_similar },
	{ VIEW_MAP, '/', "/",
	  "search computers by name (substring); Enter on empty: next match",
	  map_search },
	{ VIEW_MAP, 'p', "p", "choose the port that colours the map",
	  portsel_open },
	{ VIEW_MAP, 'P', "P", "choose the protocol that colours the map",
	  portsel_open },
	{ VIEW_MAP, '[', "[", "colour by the previous port (or protocol)",
	  map_bin_step },
	{ VIEW_MAP, ']', "]", "colour by the next port (or protocol)",
	  map_bin_step },
	{ VIEW_MAP, 'x', "x", "clear the port or protocol colouring",
	  map_bin_clear },
	{ VIEW_MAP, 't', "t", "lower the temperature T (divide by 1.25)",
	  map_temp },
	{ VIEW_MAP, 'T', "T", "raise the temperature T (multiply by 1.25)",
	  map_temp },
	{ VIEW_MAP, 'c', "c",
	  "switch between the functional and the communications map",
	  map_comms },
	{ VIEW_MAP, 'C', "C",
	  "show both maps side by side (or one again); keys act on the "
	  "active one", map_split },
	{ VIEW_MAP, 'd', "d", "show or hide the detail pane", map_pane },
	{ VIEW_MAP, 'v', "v", "cycle the bars: flows, bytes, seconds",
	  map_measure },
	{ VIEW_MAP, 'f', "f", "bars by flows", map_measure },
	{ VIEW_MAP, 'b', "b", "bars by bytes", map_measure },
	{ VIEW_MAP, 's', "s", "bars by seconds", map_measure },
	{ VIEW_MAP, TERM_KEY_CTRL('l'), "C-l", "redraw the screen",
	  map_redraw },
	{ VIEW_MAP, '?', "?", "this help", map_help },
	{ VIEW_MAP, 'q', "q", "quit", map_quit },

	/* the port and protocol selector */
	{ VIEW_PORTSEL, KEYS_TEXT, "text",
	  "filter by port number or name (typed characters)", portsel_text },
	{ VIEW_PORTSEL, KEY_BACKSPACE, "Backspace",
	  "delete the last character of the filter", portsel_text },
	{ VIEW_PORTSEL, KEY_UP, "Up", "previous entry", portsel_move },
	{ VIEW_PORTSEL, KEY_DOWN, "Down", "next entry", portsel_move },
	{ VIEW_PORTSEL, KEY_PPAGE, "PgUp", "previous page", portsel_move },
	{ VIEW_PORTSEL, KEY_NPAGE, "PgDn", "next page", portsel_move },
	{ VIEW_PORTSEL, KEY_HOME, "Home", "first entry", portsel_move },
	{ VIEW_PORTSEL, KEY_END, "End", "last entry", portsel_move },
	{ VIEW_PORTSEL, '\t', "Tab", "switch between ports and protocols",
	  portsel_tab },
	{ VIEW_PORTSEL, '\r', "Enter", "colour the map by this entry",
	  portsel_choose },
	{ VIEW_PORTSEL, TERM_KEY_ESC, "Esc", "cancel", portsel_cancel },

	/* the search prompt */
	{ VIEW_SEARCH, KEYS_TEXT, "text", "the name to look for (substring)",
	  search_key },
	{ VIEW_SEARCH, KEY_BACKSPACE, "Backspace", "delete the last character",
	  search_key },
	{ VIEW_SEARCH, '\r', "Enter", "jump to the next matching computer",
	  search_go },
	{ VIEW_SEARCH, TERM_KEY_ESC, "Esc", "cancel", search_cancel },

	/* the help screen */
	{ VIEW_HELP, KEY_DOWN, "Down", "scroll down", help_scroll },
	{ VIEW_HELP, 'j', "j", "scroll down", help_scroll },
	{ VIEW_HELP, KEY_UP, "Up", "scroll up", help_scroll },
	{ VIEW_HELP, 'k', "k", "scroll up", help_scroll },
	{ VIEW_HELP, KEY_NPAGE, "PgDn", "scroll a page down", help_scroll },
	{ VIEW_HELP, ' ', "Space", "scroll a page down", help_scroll },
	{ VIEW_HELP, KEY_PPAGE, "PgUp", "scroll a page up", help_scroll },
	{ VIEW_HELP, '?', "?", "close the help", help_close },
	{ VIEW_HELP, 'q', "q", "close the help", help_close },
	{ VIEW_HELP, TERM_KEY_ESC, "Esc", "close the help", help_close },
};

const size_t keys_count = sizeof keys_table / sizeof keys_table[0];

const char *const keys_notes[] = {
	"Colours, with a port or protocol chosen (p, P, [, ]):",
	"  red    serves it: only incoming flows on it   (S without colour)",
	"  green  queries it: only outgoing flows on it  (Q without colour)",
	"  blue   both incoming and outgoing             (B without colour)",
	"  plain  no flows on it",
	"The selected computer (nearest the cursor) is drawn in reverse video.",
	"A cell has one colour: selected > blue > red > green > plain.",
	"A point's size grows with log(total bytes): one dot to a small disc.",
	"The cursor is the middle of the map; the nearest computer is selected.",
	"Detail bars show p^(1/T), renormalised to sum to 100% (T 0.1..10).",
	"Without UTF-8 (or with --ascii) cells are . : o # by number of dots.",
	"Two maps: functional (computers alike in ports and protocols are near)",
	"and communications (computers that talk to the same peers are near).",
	"c switches them, centred on the same selected computer at the same zoom.",
	"C splits the screen (100 columns or more; the pane may move below):",
	"functional at the left, communications at the right.  The keys act on",
	"the active one (c or a click chooses it); the other follows, centred on",
	"the selected computer at the same zoom.",
	NULL
};

static const char *const view_names[VIEW_NVIEWS] = {
	[VIEW_MAP] = "map",
	[VIEW_PORTSEL] = "port selector",
	[VIEW_SEARCH] = "search",
	[VIEW_HELP] = "help",
};

const char *
keys_view_name(enum tui_view view)
{
	return view < VIEW_NVIEWS ? view_names[view] : "?";
}

const struct key_binding *
keys_find(enum tui_view view, int key)
{
	const struct key_binding *text = NULL;

	for (size_t i = 0; i < keys_count; i++) {
		const struct key_binding *b = &keys_table[i];

		if (b->view != view)
			continue;
		if (b->key == key)
			return b;
		if (b->key == KEYS_TEXT)
			text = b;
	}
	return text != NULL && term_key_char(key) != 0 ? text : NULL;
}

void
keys_print(FILE *f)
{
	for (int v = 0; v < VIEW_NVIEWS; v++) {
		fprintf(f, "[%s]\n", view_names[v]);
		for (size_t i = 0; i < keys_count; i++)
			if (keys_table[i].view == (enum tui_view)v)
				fprintf(f, "%s\t%s\n", keys_table[i].name,
				    keys_table[i].help);
	}
	fprintf(f, "[notes]\n");
	for (size_t i = 0; keys_notes[i] != NULL; i++)
		fprintf(f, "%s\n", keys_notes[i]);
}
