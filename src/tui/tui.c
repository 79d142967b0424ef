/*
 * tui.c - the explorer's event loop, layout, title and status lines.
 *
 * The screen (layout.c): a title line (the input and the colour legend),
 * the map, or both maps side by side, with the detail pane at its right
 * (or below it when the terminal is narrow), and a status line (zoom,
 * which map the keys act on, computers in view, T, the selected port, or
 * the search prompt).  The port selector takes the map's place; help
 * takes the whole body.
 *
 * The loop waits for a key (with a timeout, to notice ^C), handles
 * KEY_RESIZE before anything else, looks the key up in the key table and
 * does what the handler returns.  The raster is rebuilt only for
 * TUI_REBUILD; each frame is drawn into curses' virtual screen after
 * erase(), and refresh() sends only the cells that changed (no clear():
 * over SSH a full repaint per key is what makes a TUI feel slow).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "base/escape.h"
#include "profile/map.h"
#include "tui/tcurses.h"
#include "tui/explorer.h"
#include "tui/keys.h"
#include "tui/term.h"
#include "tui/tui.h"

#define TUI_KEY_POLL_MS	250	/* how often the loop looks at the ^C flag */

void
explorer_layout(struct explorer *e)
{
	struct layout l;

	e->lines = LINES;
	e->cols = COLS;
	if (layout_compute(&l, e->cols, e->lines, e->pane, e->split) < 0) {
		e->split = 0;
		snprintf(e->message, sizeof e->message, "split screen off: "
		    "needs %d columns", TUI_SPLIT_MIN_COLS);
	}
	e->too_small = l.too_small;
	e->title = l.title;
	e->status = l.status;
	e->maprect = l.map;
	e->panerect = l.pane;
	e->rule = l.rule;
	e->maps[MAPKIND_FUNCTIONAL].rect = l.half[LAYOUT_LEFT];
	e->maps[MAPKIND_COMMS].rect = l.half[LAYOUT_RIGHT];
	if (!e->too_small)
		mapview_resize(e);
}

int
explorer_text_key(char *buf, size_t size, int key)
{
	unsigned c = term_key_char(key);
	size_t len = strlen(buf), n;
	char u[4];

	if (c == 0)
		return 0;
	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	if (len + n + 1 > size)
		return 1;
	memcpy(buf + len, u, n);
	buf[len + n] = '\0';
	return 1;
}

void
explorer_text_backspace(char *buf)
{
	size_t len = strlen(buf);

	while (len > 0 && ((unsigned char)buf[len - 1] & 0xc0) == 0x80)
		len--;
	if (len > 0)
		len--;
	buf[len] = '\0';
}

const char *
explorer_sel_label(const struct explorer *e, char *buf, size_t size)
{
	const struct map_bin *b;

	if (e->kind == SEL_PORT && e->bin < e->m->nports)
		b = &e->m->ports[e->bin];
	else if (e->kind == SEL_PROTO && e->bin < e->m->nprotos)
		b = &e->m->protos[e->bin];
	else
		return NULL;
	return escape_text(b->label, strnlen(b->label, sizeof b->label), buf,
	    size);
}

/* The legend of a port or protocol: a swatch per role and its count. */
static const struct legend_role {
	enum term_role	 term;
	enum canvas_role canvas;
	char		 letter;	/* the swatch without colours */
	const char	*text, *brief;	/* brief when the line is short */
} legend_roles[] = {
	{ TERM_RED, CANVAS_RED, CANVAS_GLYPH_SERVE, "serves (in only)",
	  "serves" },
	{ TERM_GREEN, CANVAS_GREEN, CANVAS_GLYPH_QUERY, "queries (out only)",
	  "queries" },
	{ TERM_BLUE, CANVAS_BLUE, CANVAS_GLYPH_BOTH, "both", "both" },
	{ TERM_PLAIN, CANVAS_PLAIN, ' ', "plain: none", "none" },
};
#define NLEGEND (sizeof legend_roles / sizeof legend_roles[0])

static int
legend_draw(struct explorer *e, int x, int end, int brief)
{
	char buf[96];
	int w = 0;

	for (size_t i = 0; i < NLEGEND; i++) {
		const struct legend_role *l = &legend_roles[i];
		unsigned glyph;

		if (l->canvas == CANVAS_PLAIN)
			glyph = 0;
		else if (e->letters)
			glyph = (unsigned char)l->letter;
		else
			glyph = e->style == CANVAS_BRAILLE ?
			    CANVAS_BRAILLE_BASE + 0xff : '#';
		snprintf(buf, sizeof buf, " %s %zu ", brief ? l->brief :
		    l->text, e->nrole[l->canvas]);
		if (end >= 0) {
			if (glyph != 0) {
				term_set(l->term);
				term_char(0, x + w, glyph);
			}
			term_set(TERM_TITLE);
			term_text(0, x + w + (glyph != 0), end - x - w -
			    (glyph != 0), buf);
		}
		w += (glyph != 0) + (int)strlen(buf);
	}
	return w;
}

static void
title_draw(struct explorer *e)
{
	char name[TUI_NAME_MAX], label[TUI_NAME_MAX], buf[TUI_NAME_MAX + 64];
	const char *title = e->o->title != NULL ? e->o->title : "";
	int x = 0, end = e->cols;

	term_set(TERM_TITLE);
	term_fill(0, 0, e->cols);
	escape_text(title, strlen(title), name, sizeof name);
	snprintf(buf, sizeof buf, " flowmap%s%s", *name ? ": " : "", name);
	x += term_text(0, x, end / 3, buf) + 2;
	if (explorer_sel_label(e, label, sizeof label) == NULL) {
		snprintf(buf, sizeof buf, "%zu computers, size ~ log(bytes); "
		    "p: colour by port", e->m->ncomputers);
		term_text(0, x, end - x, buf);
		return;
	}
	snprintf(buf, sizeof buf, "%s %s: ", e->kind == SEL_PORT ? "port" :
	    "protocol", label);
	x += term_text(0, x, end - x, buf);
	legend_draw(e, x, end, legend_draw(e, x, -1, 0) > end - x);
}

/* The status line: as many of its fields as fit, most important first. */
static void
status_draw(struct explorer *e)
{
	static const char *const measures[NMEASURES] = {
		"flows", "bytes", "seconds"
	};
	char label[TUI_NAME_MAX], field[TUI_NAME_MAX + 32];
	char buf[TUI_NAME_MAX * 2 + 160];
	const struct mappane *p = &e->maps[e->active];
	const char *sep = term_utf8() ? " \u2502 " : " | ";
	const char *hint = e->message[0] ? e->message : "? help  q quit";
	int w = (int)strlen(hint) + 1, room, len;

	if (w > e->cols)	/* a long message takes the whole line */
		w = e->cols;
	room = e->cols - w - 1;

	term_set(TERM_STATUS);
	term_fill(e->status.y, 0, e->cols);
	if (explorer_sel_label(e, label, sizeof label) == NULL)
		snprintf(label, sizeof label, "none");
	len = snprintf(buf, sizeof buf, " zoom %.1fx", p->cv.zoom);
	for (int f = 0; f < 5; f++) {
		switch (f) {
		case 0:
			snprintf(field, sizeof field, "%s%s%s map", sep,
			    e->split ? "keys: " : "",
			    mapview_kind_name(e->active));
			break;
		case 1:
			snprintf(field, sizeof field, "%s%zu/%zu in view", sep,
			    p->inview, e->m->ncomputers);
			break;
		case 2:
			snprintf(field, sizeof field, "%sT=%.2f", sep, e->T);
			break;
		case 3:
			snprintf(field, sizeof field, "%s%s %s", sep,
			    e->kind == SEL_PROTO ? "protocol" : "port", label);
			break;
		default:
			snprintf(field, sizeof field, "%sbars: %s", sep,
			    measures[e->measure]);
			break;
		}
		/* display width: the separator may be 3 bytes for 1 column */
		if (len + (int)strlen(field) - (int)strlen(sep) + 3 > room)
			break;
		len += snprintf(buf + len, sizeof buf - (size_t)len, "%s",
		    field);
	}
	term_text(e->status.y, 0, room, buf);
	if (e->message[0])
		term_set(TERM_WARN);
	term_text(e->status.y, e->cols - w, w, hint);
	e->message[0] = '\0';
}

static void
too_small_draw(struct explorer *e)
{
	char buf[96];
	int n;

	snprintf(buf, sizeof buf, "terminal too small: need %dx%d",
	    TUI_MIN_COLS, TUI_MIN_LINES);
	n = (int)strlen(buf);
	term_set(TERM_WARN);
	term_text(e->lines / 2, n < e->cols ? (e->cols - n) / 2 : 0, e->cols,
	    buf);
}

static void
frame_draw(struct explorer *e)
{
	erase();
	if (e->too_small) {
		too_small_draw(e);
		refresh();
		return;
	}
	title_draw(e);
	switch (e->view) {
	case VIEW_HELP:
		help_draw(e);
		break;
	case VIEW_PORTSEL:
		portsel_draw(e);
		break;
	default:
		mapview_draw(e);
		break;
	}
	if (e->view != VIEW_HELP && e->panerect.h > 0)
		detail_draw(e);
	if (e->view == VIEW_SEARCH)
		search_draw(e);
	else
		status_draw(e);
	term_set(TERM_PLAIN);
	refresh();
}

static enum tui_action
mouse_event(struct explorer *e)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || e->view != VIEW_MAP)
		return TUI_NONE;
	if (ev.bstate & BUTTON4_PRESSED) {
		mapview_wheel(e, 1);
		return TUI_REBUILD;
	}
	if (ev.bstate & BUTTON5_PRESSED) {
		mapview_wheel(e, 0);
		return TUI_REBUILD;
	}
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)) {
		mapview_click(e, ev.y, ev.x);
		return TUI_REBUILD;
	}
	return TUI_NONE;
}

static int
explorer_loop(struct explorer *e)
{
	enum tui_action act = TUI_REBUILD;

	for (;;) {
		const struct key_binding *b;
		int key;

		if (act == TUI_QUIT)
			return 0;
		if (act >= TUI_REBUILD && !e->too_small)
			mapview_rebuild(e);
		if (act >= TUI_REDRAW)
			frame_draw(e);
		key = term_getkey(TUI_KEY_POLL_MS);
		if (term_interrupted())
			return 0;
		if (key == KEY_RESIZE) {
			explorer_layout(e);
			act = TUI_REBUILD;
			continue;
		}
		act = TUI_NONE;
		if (key == ERR)
			continue;
		if (e->too_small) {
			if (key == 'q')
				return 0;
			continue;
		}
		if (key == KEY_MOUSE) {
			act = mouse_event(e);
			continue;
		}
		b = keys_find(e->view, key);
		if (b != NULL)
			act = b->handler(e, key);
	}
}

int
tui_run(const struct map *m, const struct tui_options *o, char *err,
    size_t errlen)
{
	struct explorer e;
	int rc;

	if (m == NULL || o == NULL) {
		snprintf(err, errlen, "no map to explore");
		return -1;
	}
	if (term_begin(o, err, errlen) < 0)
		return -1;
	memset(&e, 0, sizeof e);
	e.m = m;
	e.o = o;
	e.view = VIEW_MAP;
	e.pane = 1;
	e.sel = SIZE_MAX;
	e.T = 1;
	e.kind = SEL_NONE;
	e.measure = MEASURE_FLOWS;
	mapview_init(&e);
	explorer_layout(&e);
	rc = explorer_loop(&e);
	mapview_free(&e);
	portsel_free(&e);
	term_end();
	return rc;
}
