/*
 * keys.c - the key table (see keys.h).  Rows of one view are listed in
 * the order the help screen shows them; several keys for one command are
 * consecutive rows with the same handler and help, which the help screen
 * shows on one line.
 */
#include <string.h>

#include "tui/tcurses.h"
#include "tui/help.h"
#include "tui/keys.h"
#include "tui/mapview.h"
#include "tui/portsel.h"
#include "tui/search.h"
#include "tui/term.h"

const struct key_binding keys_table[] = {
	/* the map */
	{ VIEW_MAP, '+', "+", "zoom in around the cursor", mapview_zoom_in },
	{ VIEW_MAP, '=', "=", "zoom in around the cursor", mapview_zoom_in },
	{ VIEW_MAP, TERM_KEY_WHEEL_UP, "WheelUp", "zoom in around the cursor",
	  mapview_zoom_in },
	{ VIEW_MAP, '-', "-", "zoom out around the cursor", mapview_zoom_out },
	{ VIEW_MAP, TERM_KEY_WHEEL_DOWN, "WheelDown",
	  "zoom out around the cursor", mapview_zoom_out },
	{ VIEW_MAP, '0', "0", "reset the view: the whole map",
	  mapview_reset_view },
	{ VIEW_MAP, KEY_LEFT, "Left", "pan left", mapview_pan },
	{ VIEW_MAP, 'h', "h", "pan left", mapview_pan },
	{ VIEW_MAP, KEY_DOWN, "Down", "pan down", mapview_pan },
	{ VIEW_MAP, 'j', "j", "pan down", mapview_pan },
	{ VIEW_MAP, KEY_UP, "Up", "pan up", mapview_pan },
	{ VIEW_MAP, 'k', "k", "pan up", mapview_pan },
	{ VIEW_MAP, KEY_RIGHT, "Right", "pan right", mapview_pan },
	{ VIEW_MAP, 'l', "l", "pan right", mapview_pan },
	{ VIEW_MAP, 'H', "H", "pan left a quarter screen", mapview_pan_far },
	{ VIEW_MAP, 'J', "J", "pan down a quarter screen", mapview_pan_far },
	{ VIEW_MAP, 'K', "K", "pan up a quarter screen", mapview_pan_far },
	{ VIEW_MAP, 'L', "L", "pan right a quarter screen", mapview_pan_far },
	{ VIEW_MAP, TERM_KEY_CLICK, "Click",
	  "select the computer nearest the click (a split: and its map)",
	  mapview_click },
	{ VIEW_MAP, '\t', "Tab", "select the next computer near the cursor",
	  mapview_select_next },
	{ VIEW_MAP, 'n', "n", "select the next computer near the cursor",
	  mapview_select_next },
	{ VIEW_MAP, KEY_BTAB, "S-Tab",
	  "select the previous computer near the cursor", mapview_select_prev },
	{ VIEW_MAP, 'N', "N", "select the previous computer near the cursor",
	  mapview_select_prev },
	{ VIEW_MAP, '\r', "Enter", "centre the map on the selected computer",
	  mapview_centre_selected },
	{ VIEW_MAP, '1', "1", "jump to the most similar computer (detail pane)",
	  mapview_jump_similar },
	{ VIEW_MAP, '2', "2", "jump to the 2nd most similar computer",
	  mapview_jump_similar },
	{ VIEW_MAP, '3', "3", "jump to the 3rd most similar computer",
	  mapview_jump_similar },
	{ VIEW_MAP, '4', "4", "jump to the 4th most similar computer",
	  mapview_jump_similar },
	{ VIEW_MAP, '5', "5", "jump to the 5th most similar computer",
	  mapview_jump_similar },
	{ VIEW_MAP, '/', "/",
	  "search computers by name (substring); Enter on empty: next match",
	  search_open },
	{ VIEW_MAP, 'p', "p", "choose the port that colours the map",
	  portsel_open },
	{ VIEW_MAP, 'P', "P", "choose the protocol that colours the map",
	  portsel_open },
	{ VIEW_MAP, '[', "[", "colour by the previous port (or protocol)",
	  mapview_step_bin },
	{ VIEW_MAP, ']', "]", "colour by the next port (or protocol)",
	  mapview_step_bin },
	{ VIEW_MAP, 'x', "x", "clear the port or protocol colouring",
	  mapview_clear_bin },
	{ VIEW_MAP, 't', "t", "lower the temperature T (divide by 1.25)",
	  mapview_temperature },
	{ VIEW_MAP, 'T', "T", "raise the temperature T (multiply by 1.25)",
	  mapview_temperature },
	{ VIEW_MAP, 'r', "r", "reset the temperature T to 1",
	  mapview_reset_temperature },
	{ VIEW_MAP, 'c', "c",
	  "switch between the functional and the communications map",
	  mapview_switch_map },
	{ VIEW_MAP, 'C', "C",
	  "show both maps side by side (or one again); keys act on the "
	  "active one", mapview_toggle_split },
	{ VIEW_MAP, 'd', "d", "show or hide the detail pane",
	  mapview_toggle_pane },
	{ VIEW_MAP, 'v', "v", "cycle the bars: flows, bytes, seconds",
	  mapview_set_measure },
	{ VIEW_MAP, 'f', "f", "bars by flows", mapview_set_measure },
	{ VIEW_MAP, 'b', "b", "bars by bytes", mapview_set_measure },
	{ VIEW_MAP, 's', "s", "bars by seconds", mapview_set_measure },
	{ VIEW_MAP, 'm', "m",
	  "mouse capture off or on (off: the terminal selects text)",
	  mapview_toggle_mouse },
	{ VIEW_MAP, TERM_KEY_CTRL('l'), "C-l", "redraw the screen",
	  mapview_repaint },
	{ VIEW_MAP, '?', "?", "this help", help_open },
	{ VIEW_MAP, 'q', "q", "quit", mapview_quit },

	/* the port and protocol selector */
	{ VIEW_PORTSEL, KEYS_TEXT, "text",
	  "filter by port number or name (typed characters)", portsel_edit },
	{ VIEW_PORTSEL, KEY_BACKSPACE, "Backspace",
	  "delete the last character of the filter", portsel_edit },
	{ VIEW_PORTSEL, TERM_KEY_CTRL('u'), "C-u", "clear the filter",
	  portsel_edit },
	{ VIEW_PORTSEL, KEY_UP, "Up", "previous entry", portsel_move },
	{ VIEW_PORTSEL, KEY_DOWN, "Down", "next entry", portsel_move },
	{ VIEW_PORTSEL, KEY_PPAGE, "PgUp", "previous page", portsel_move },
	{ VIEW_PORTSEL, KEY_NPAGE, "PgDn", "next page", portsel_move },
	{ VIEW_PORTSEL, KEY_HOME, "Home", "first entry", portsel_move },
	{ VIEW_PORTSEL, KEY_END, "End", "last entry", portsel_move },
	{ VIEW_PORTSEL, '\t', "Tab", "switch between ports and protocols",
	  portsel_switch_kind },
	{ VIEW_PORTSEL, '\r', "Enter", "colour the map by this entry",
	  portsel_choose },
	{ VIEW_PORTSEL, TERM_KEY_ESC, "Esc", "cancel", explorer_back_to_map },

	/* the search prompt */
	{ VIEW_SEARCH, KEYS_TEXT, "text", "the name to look for (substring)",
	  search_edit },
	{ VIEW_SEARCH, KEY_BACKSPACE, "Backspace",
	  "delete the character before the cursor", search_edit },
	{ VIEW_SEARCH, KEY_DC, "Delete", "delete the character under the cursor",
	  search_edit },
	{ VIEW_SEARCH, KEY_LEFT, "Left", "move the cursor left", search_edit },
	{ VIEW_SEARCH, KEY_RIGHT, "Right", "move the cursor right",
	  search_edit },
	{ VIEW_SEARCH, KEY_HOME, "Home", "move the cursor to the start",
	  search_edit },
	{ VIEW_SEARCH, KEY_END, "End", "move the cursor to the end",
	  search_edit },
	{ VIEW_SEARCH, TERM_KEY_CTRL('u'), "C-u", "clear the field",
	  search_edit },
	{ VIEW_SEARCH, '\r', "Enter", "jump to the next matching computer",
	  search_next },
	{ VIEW_SEARCH, TERM_KEY_ESC, "Esc", "cancel", explorer_back_to_map },

	/* the help screen */
	{ VIEW_HELP, KEY_DOWN, "Down", "scroll down", help_scroll },
	{ VIEW_HELP, 'j', "j", "scroll down", help_scroll },
	{ VIEW_HELP, TERM_KEY_WHEEL_DOWN, "WheelDown", "scroll down",
	  help_scroll },
	{ VIEW_HELP, KEY_UP, "Up", "scroll up", help_scroll },
	{ VIEW_HELP, 'k', "k", "scroll up", help_scroll },
	{ VIEW_HELP, TERM_KEY_WHEEL_UP, "WheelUp", "scroll up", help_scroll },
	{ VIEW_HELP, KEY_NPAGE, "PgDn", "scroll a page down", help_scroll },
	{ VIEW_HELP, ' ', "Space", "scroll a page down", help_scroll },
	{ VIEW_HELP, KEY_PPAGE, "PgUp", "scroll a page up", help_scroll },
	{ VIEW_HELP, '?', "?", "close the help", explorer_back_to_map },
	{ VIEW_HELP, 'q', "q", "close the help", explorer_back_to_map },
	{ VIEW_HELP, TERM_KEY_ESC, "Esc", "close the help",
	  explorer_back_to_map },
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
	"Without UTF-8 (or with --ascii) cells are . : o # by number of dots;",
	"so too on the Linux console (TERM=linux), which has no braille font.",
	"Two maps: functional (computers alike in ports and protocols are near)",
	"and communications (computers that talk to the same peers are near).",
	"c switches them, centred on the same selected computer at the same zoom.",
	"C splits the screen (100 columns or more; the pane may move below):",
	"functional at the left, communications at the right.  The keys act on",
	"the active one (c or a click chooses it); the other follows, centred on",
	"the selected computer at the same zoom.",
	"The mouse: a click selects, the wheel zooms (scrolls the help).  m",
	"turns capture off so that the terminal's own selection can copy a",
	"name; the status line then says \"mouse off\".",
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
