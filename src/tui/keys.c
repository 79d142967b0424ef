/*
 * keys.c - the key table (see keys.h).  Rows of one view are listed in
 * the order the help screen shows them; several keys for one command are
 * consecutive rows with the same handler and help, which the help screen
 * shows on one line.
 */
#include <string.h>

#include "tui/tcurses.h"
#include "tui/boxsel.h"
#include "tui/export.h"
#include "tui/groups.h"
#include "tui/help.h"
#include "tui/keys.h"
#include "tui/mapopts.h"
#include "tui/mapview.h"
#include "tui/notes.h"
#include "tui/portsel.h"
#include "tui/search.h"
#include "tui/sellist.h"
#include "tui/term.h"

/* Helps shared by the map and the box being drawn. */
#define MOVE_LEFT	"move the cursor left (the map scrolls at the edge)"
#define MOVE_DOWN	"move the cursor down"
#define MOVE_UP		"move the cursor up"
#define MOVE_RIGHT	"move the cursor right"
#define PAN_LEFT	"scroll left a quarter screen, the cursor along"
#define PAN_DOWN	"scroll down a quarter screen"
#define PAN_UP		"scroll up a quarter screen"
#define PAN_RIGHT	"scroll right a quarter screen"

/* The editing keys of a one-line prompt (textfield.h). */
#define FIELD_KEYS(view, handler)					\
	{ view, KEY_BACKSPACE, "Backspace",				\
	  "delete the character before the cursor", handler },		\
	{ view, KEY_DC, "Delete", "delete the character under the cursor", \
	  handler },							\
	{ view, KEY_LEFT, "Left", "move the cursor left", handler },	\
	{ view, KEY_RIGHT, "Right", "move the cursor right", handler },	\
	{ view, KEY_HOME, "Home", "move the cursor to the start", handler }, \
	{ view, KEY_END, "End", "move the cursor to the end", handler },	\
	{ view, TERM_KEY_CTRL('u'), "C-u", "clear the field", handler }

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
	{ VIEW_MAP, KEY_LEFT, "Left", MOVE_LEFT, mapview_move },
	{ VIEW_MAP, 'h', "h", MOVE_LEFT, mapview_move },
	{ VIEW_MAP, KEY_DOWN, "Down", MOVE_DOWN, mapview_move },
	{ VIEW_MAP, 'j', "j", MOVE_DOWN, mapview_move },
	{ VIEW_MAP, KEY_UP, "Up", MOVE_UP, mapview_move },
	{ VIEW_MAP, 'k', "k", MOVE_UP, mapview_move },
	{ VIEW_MAP, KEY_RIGHT, "Right", MOVE_RIGHT, mapview_move },
	{ VIEW_MAP, 'l', "l", MOVE_RIGHT, mapview_move },
	{ VIEW_MAP, 'H', "H", PAN_LEFT, mapview_pan_far },
	{ VIEW_MAP, 'J', "J", PAN_DOWN, mapview_pan_far },
	{ VIEW_MAP, 'K', "K", PAN_UP, mapview_pan_far },
	{ VIEW_MAP, 'L', "L", PAN_RIGHT, mapview_pan_far },
	{ VIEW_MAP, '<', "<", "back to the previous view (zoom, place, map)",
	  mapview_history },
	{ VIEW_MAP, '>', ">", "forward again", mapview_history },
	{ VIEW_MAP, TERM_KEY_CLICK, "Click",
	  "put the cursor there: select the nearest computer (a split: and "
	  "its map)", mapview_click },
	{ VIEW_MAP, TERM_KEY_RELEASE, "Drag",
	  "select the computers in the box dragged", mapview_release },
	{ VIEW_MAP, '\t', "Tab", "select the next computer near the cursor",
	  mapview_select_next },
	{ VIEW_MAP, KEY_BTAB, "S-Tab",
	  "select the previous computer near the cursor", mapview_select_prev },
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
	  "search by name or mark label: exact matches first, all highlighted",
	  search_open },
	{ VIEW_MAP, 'n', "n", "the next search match", search_step },
	{ VIEW_MAP, 'N', "N", "the previous search match", search_step },
	{ VIEW_MAP, TERM_KEY_ESC, "Esc", "clear the search's highlights",
	  mapopts_clear_matches },
	{ VIEW_MAP, 'g', "g",
	  "the cluster list: Enter selects a cluster and zooms to it",
	  groups_open },
	{ VIEW_MAP, 'M', "M", "the mark list: Enter selects a mark's computers",
	  groups_open },
	{ VIEW_MAP, 'G', "G", "name the clusters on the map (or not)",
	  mapopts_toggle_cluster_names },
	{ VIEW_MAP, 'B', "B",
	  "draw a box from the cursor: move, then Enter selects inside",
	  boxsel_open },
	{ VIEW_MAP, 'V', "V", "select every computer in view",
	  mapview_select_view },
	{ VIEW_MAP, 'F', "F", "select the search's matches",
	  mapopts_select_matches },
	{ VIEW_MAP, 'S', "S", "list the selection (sort, open a computer)",
	  sellist_open },
	{ VIEW_MAP, 'z', "z", "zoom the map to the selection",
	  mapview_zoom_selection },
	{ VIEW_MAP, 'X', "X", "clear the selection", mapopts_clear_selection },
	{ VIEW_MAP, 'w', "w", "write the selection to a TSV file",
	  export_open },
	{ VIEW_MAP, 'p', "p", "choose the port that colours the map",
	  portsel_open },
	{ VIEW_MAP, 'P', "P", "choose the protocol that colours the map",
	  portsel_open },
	{ VIEW_MAP, '[', "[", "colour by the previous port (or protocol)",
	  mapopts_step_bin },
	{ VIEW_MAP, ']', "]", "colour by the next port (or protocol)",
	  mapopts_step_bin },
	{ VIEW_MAP, 'x', "x", "clear the port or protocol colouring",
	  mapopts_clear_bin },
	{ VIEW_MAP, 't', "t", "lower the temperature T (divide by 1.25)",
	  mapopts_temperature },
	{ VIEW_MAP, 'T', "T", "raise the temperature T (multiply by 1.25)",
	  mapopts_temperature },
	{ VIEW_MAP, 'r', "r", "reset the temperature T to 1",
	  mapopts_reset_temperature },
	{ VIEW_MAP, 'c', "c",
	  "switch between the functional and the communications map",
	  mapview_switch_map },
	{ VIEW_MAP, 'C', "C",
	  "show both maps side by side (or one again); keys act on the "
	  "active one", mapopts_toggle_split },
	{ VIEW_MAP, 'd', "d", "show or hide the detail pane",
	  mapopts_toggle_pane },
	{ VIEW_MAP, 'v', "v", "cycle the bars: flows, bytes, seconds",
	  mapopts_set_measure },
	{ VIEW_MAP, 'f', "f", "bars by flows", mapopts_set_measure },
	{ VIEW_MAP, 'b', "b", "bars by bytes", mapopts_set_measure },
	{ VIEW_MAP, 's', "s", "bars by seconds", mapopts_set_measure },
	{ VIEW_MAP, 'm', "m",
	  "mouse capture off or on (off: the terminal selects text)",
	  mapopts_toggle_mouse },
	{ VIEW_MAP, '!', "!",
	  "the notes of loading (malformed lines, unknown marks)",
	  notes_open },
	{ VIEW_MAP, TERM_KEY_CTRL('l'), "C-l", "redraw the screen",
	  mapopts_repaint },
	{ VIEW_MAP, '?', "?", "this help", help_open },
	{ VIEW_MAP, 'q', "q", "quit", mapopts_quit },

	/* a box being drawn on the map */
	{ VIEW_BOX, KEY_LEFT, "Left", MOVE_LEFT, mapview_move },
	{ VIEW_BOX, 'h', "h", MOVE_LEFT, mapview_move },
	{ VIEW_BOX, KEY_DOWN, "Down", MOVE_DOWN, mapview_move },
	{ VIEW_BOX, 'j', "j", MOVE_DOWN, mapview_move },
	{ VIEW_BOX, KEY_UP, "Up", MOVE_UP, mapview_move },
	{ VIEW_BOX, 'k', "k", MOVE_UP, mapview_move },
	{ VIEW_BOX, KEY_RIGHT, "Right", MOVE_RIGHT, mapview_move },
	{ VIEW_BOX, 'l', "l", MOVE_RIGHT, mapview_move },
	{ VIEW_BOX, 'H', "H", PAN_LEFT, mapview_pan_far },
	{ VIEW_BOX, 'J', "J", PAN_DOWN, mapview_pan_far },
	{ VIEW_BOX, 'K', "K", PAN_UP, mapview_pan_far },
	{ VIEW_BOX, 'L', "L", PAN_RIGHT, mapview_pan_far },
	{ VIEW_BOX, '+', "+", "zoom in around the cursor", mapview_zoom_in },
	{ VIEW_BOX, '-', "-", "zoom out around the cursor", mapview_zoom_out },
	{ VIEW_BOX, '\r', "Enter", "select the computers in the box",
	  boxsel_select },
	{ VIEW_BOX, 'B', "B", "select the computers in the box",
	  boxsel_select },
	{ VIEW_BOX, 'z', "z", "zoom the map to the box (select nothing)",
	  boxsel_zoom },
	{ VIEW_BOX, TERM_KEY_ESC, "Esc", "cancel", explorer_back_to_map },

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

	/* the cluster and mark lists */
	{ VIEW_GROUPS, KEYS_TEXT, "text",
	  "filter by cluster number or words of the label", groups_edit },
	{ VIEW_GROUPS, KEY_BACKSPACE, "Backspace",
	  "delete the last character of the filter", groups_edit },
	{ VIEW_GROUPS, TERM_KEY_CTRL('u'), "C-u", "clear the filter",
	  groups_edit },
	{ VIEW_GROUPS, KEY_UP, "Up", "previous entry", groups_move },
	{ VIEW_GROUPS, KEY_DOWN, "Down", "next entry", groups_move },
	{ VIEW_GROUPS, KEY_PPAGE, "PgUp", "previous page", groups_move },
	{ VIEW_GROUPS, KEY_NPAGE, "PgDn", "next page", groups_move },
	{ VIEW_GROUPS, KEY_HOME, "Home", "first entry", groups_move },
	{ VIEW_GROUPS, KEY_END, "End", "last entry", groups_move },
	{ VIEW_GROUPS, '\t', "Tab", "switch between clusters and marks",
	  groups_switch },
	{ VIEW_GROUPS, '\r', "Enter",
	  "select its computers and zoom the map to them", groups_choose },
	{ VIEW_GROUPS, TERM_KEY_ESC, "Esc", "cancel", explorer_back_to_map },

	/* the selection list */
	{ VIEW_SELLIST, KEY_UP, "Up", "previous computer (the pane shows it)",
	  sellist_move },
	{ VIEW_SELLIST, KEY_DOWN, "Down", "next computer", sellist_move },
	{ VIEW_SELLIST, KEY_PPAGE, "PgUp", "previous page", sellist_move },
	{ VIEW_SELLIST, KEY_NPAGE, "PgDn", "next page", sellist_move },
	{ VIEW_SELLIST, KEY_HOME, "Home", "first computer", sellist_move },
	{ VIEW_SELLIST, KEY_END, "End", "last computer", sellist_move },
	{ VIEW_SELLIST, 'o', "o", "sort by name, flows, bytes or cluster",
	  sellist_sort },
	{ VIEW_SELLIST, '\r', "Enter", "the map, centred on this computer",
	  sellist_choose },
	{ VIEW_SELLIST, 'w', "w", "write the selection to a TSV file",
	  export_open },
	{ VIEW_SELLIST, TERM_KEY_ESC, "Esc", "back to the map",
	  explorer_back_to_map },
	{ VIEW_SELLIST, 'q', "q", "back to the map", explorer_back_to_map },

	/* the search prompt */
	{ VIEW_SEARCH, KEYS_TEXT, "text",
	  "the name or mark label to look for (or a part)", search_edit },
	FIELD_KEYS(VIEW_SEARCH, search_edit),
	{ VIEW_SEARCH, '\r', "Enter",
	  "go to the first match (empty: the next match)", search_next },
	{ VIEW_SEARCH, TERM_KEY_ESC, "Esc", "cancel", explorer_back_to_map },

	/* the export prompt */
	{ VIEW_EXPORT, KEYS_TEXT, "text",
	  "the file name (offered: a fresh flowmap-selection-N.tsv)",
	  export_edit },
	FIELD_KEYS(VIEW_EXPORT, export_edit),
	{ VIEW_EXPORT, '\r', "Enter",
	  "write the file (never over an existing one)", export_confirm },
	{ VIEW_EXPORT, TERM_KEY_ESC, "Esc", "cancel", explorer_back_to_map },

	/* the notes of loading */
	{ VIEW_NOTES, KEY_UP, "Up", "previous note", notes_move },
	{ VIEW_NOTES, KEY_DOWN, "Down", "next note", notes_move },
	{ VIEW_NOTES, KEY_PPAGE, "PgUp", "previous page", notes_move },
	{ VIEW_NOTES, KEY_NPAGE, "PgDn", "next page", notes_move },
	{ VIEW_NOTES, KEY_HOME, "Home", "first note", notes_move },
	{ VIEW_NOTES, KEY_END, "End", "last note", notes_move },
	{ VIEW_NOTES, TERM_KEY_ESC, "Esc", "back to the map",
	  explorer_back_to_map },
	{ VIEW_NOTES, 'q', "q", "back to the map", explorer_back_to_map },

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
	"Over those colours, whatever the port:",
	"  magenta  carries a mark label (--mark)        (M without colour)",
	"  orange   in the selection                     (* without colour)",
	"  cyan     matches the search, underlined       (@ without colour)",
	"The selected computer (nearest the cursor) is drawn in reverse video.",
	"A cell has one colour, the first of its points' in this order:",
	"  selected > match > chosen > marked > blue > red > green > plain",
	"A point's size grows with log(total bytes): one dot to a small disc.",
	"The cursor (a reverse cell) moves over the map; the nearest computer",
	"is selected.  The map scrolls when the cursor nears an edge.",
	"The selection is a set of computers: a cluster (g), a mark label (M),",
	"a box (B, or a drag of the mouse), everything in view (V), the search's",
	"matches (F).  The status line counts it; it stays through zoom, pan",
	"and c; S lists it, z zooms to it, w writes it, X clears it.",
	"w writes the columns of flowmap embed -o, one line per member, to a",
	"new file in the working directory (never over an existing one).",
	"G names the clusters on the functional map: number and first words.",
	"< and > go back and forward through views, as a browser does.",
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
	"The mouse: a click moves the cursor, a drag selects a box, the wheel",
	"zooms (scrolls the help).  m turns capture off so that the terminal's",
	"own selection can copy a name; the status line then says \"mouse off\".",
	NULL
};

static const char *const view_names[VIEW_NVIEWS] = {
	[VIEW_MAP] = "map",
	[VIEW_BOX] = "box",
	[VIEW_PORTSEL] = "port selector",
	[VIEW_GROUPS] = "cluster list",
	[VIEW_SELLIST] = "selection list",
	[VIEW_SEARCH] = "search",
	[VIEW_EXPORT] = "export prompt",
	[VIEW_NOTES] = "notes of loading",
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
