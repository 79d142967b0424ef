/*
 * portsel.c - the port and protocol selector.
 *
 * A list of the bins (ports ranked by flows, or protocols) in the map's
 * place, filtered by what the user types.  The order of the filtered list
 * puts the likeliest wish first, so that "53" Enter picks 53/domain and
 * not N10453: a label equal to the filter, or equal up to "/name", or a
 * bin whose number is the filter; then labels that start with it; then
 * the rest that contain it; within each class, by rank (flows).
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/portkey.h"
#include "base/xalloc.h"
#include "tui/tcurses.h"
#include "tui/explorer.h"
#include "tui/term.h"

#define PORTSEL_HEAD_ROWS	2	/* the title and the column names */
#define PORTSEL_FOOT_ROWS	1

enum match {
	MATCH_EXACT,
	MATCH_PREFIX,
	MATCH_INSIDE,
	MATCH_NONE
};

static const struct map_bin *
bins(const struct explorer *e, enum sel_kind kind, size_t *n)
{
	*n = kind == SEL_PROTO ? e->m->nprotos : e->m->nports;
	return kind == SEL_PROTO ? e->m->protos : e->m->ports;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static enum match
bin_match(const struct map_bin *b, enum sel_kind kind, const char *filter)
{
	char label[TUI_NAME_MAX];
	size_t fl = strlen(filter);
	const char *at;

	if (fl == 0)
		return MATCH_INSIDE;
	escape_text(b->label, strnlen(b->label, sizeof b->label), label,
	    sizeof label);
	if (all_digits(filter) && !b->is_other) {
		unsigned long long v = strtoull(filter, NULL, 10);

		if (kind == SEL_PROTO ? b->key == v :
		    PORT_TAG((uint32_t)b->key) == PORT_TAG_NUMBER &&
		    PORT_VALUE((uint32_t)b->key) == v)
			return MATCH_EXACT;
	}
	if (strncasecmp(label, filter, fl) == 0)
		return label[fl] == '\0' || label[fl] == '/' ? MATCH_EXACT :
		    MATCH_PREFIX;
	at = strcasestr(label, filter);
	return at != NULL ? MATCH_INSIDE : MATCH_NONE;
}

void
portsel_filter(struct explorer *e)
{
	size_t n, k = 0;
	const struct map_bin *b = bins(e, e->ps_kind, &n);

	e->ps_rows = xreallocarray(e->ps_rows, n, sizeof *e->ps_rows);
	for (int cls = MATCH_EXACT; cls < MATCH_NONE; cls++)
		for (size_t i = 0; i < n; i++)
			if (bin_match(&b[i], e->ps_kind, e->ps_filter) ==
			    (enum match)cls)
				e->ps_rows[k++] = i;
	e->ps_nrows = k;
	e->ps_cur = 0;
	e->ps_top = 0;
}

void
portsel_free(struct explorer *e)
{
	free(e->ps_rows);
	e->ps_rows = NULL;
	e->ps_nrows = 0;
}

static size_t
page_rows(const struct explorer *e)
{
	int n = e->maprect.h - PORTSEL_HEAD_ROWS - PORTSEL_FOOT_ROWS;

	return n > 1 ? (size_t)n : 1;
}

/* Keep the cursor row on the page. */
static void
keep_visible(struct explorer *e)
{
	size_t page = page_rows(e);

	if (e->ps_cur < e->ps_top)
		e->ps_top = e->ps_cur;
	if (e->ps_cur >= e->ps_top + page)
		e->ps_top = e->ps_cur - page + 1;
}

enum tui_action
portsel_open(struct explorer *e, int key)
{
	e->ps_kind = key == 'P' ? SEL_PROTO : SEL_PORT;
	e->ps_filter[0] = '\0';
	e->view = VIEW_PORTSEL;
	portsel_filter(e);
	/* start on the bin that colours the map now */
	if (e->kind == e->ps_kind)
		for (size_t i = 0; i < e->ps_nrows; i++)
			if (e->ps_rows[i] == e->bin)
				e->ps_cur = i;
	keep_visible(e);
	return TUI_REDRAW;
}

enum tui_action
portsel_move(struct explorer *e, int key)
{
	size_t page = page_rows(e), last;

	if (e->ps_nrows == 0)
		return TUI_NONE;
	last = e->ps_nrows - 1;
	switch (key) {
	case KEY_UP:
		if (e->ps_cur > 0)
			e->ps_cur--;
		break;
	case KEY_DOWN:
		if (e->ps_cur < last)
			e->ps_cur++;
		break;
	case KEY_PPAGE:
		e->ps_cur = e->ps_cur > page ? e->ps_cur - page : 0;
		break;
	case KEY_NPAGE:
		e->ps_cur = e->ps_cur + page < last ? e->ps_cur + page : last;
		break;
	case KEY_HOME:
		e->ps_cur = 0;
		break;
	case KEY_END:
		e->ps_cur = last;
		break;
	default:
		return TUI_NONE;
	}
	keep_visible(e);
	return TUI_REDRAW;
}

enum tui_action
portsel_choose(struct explorer *e, int key)
{
	(void)key;
	if (e->ps_nrows == 0) {
		snprintf(e->message, sizeof e->message, "nothing matches");
		return TUI_REDRAW;
	}
	e->kind = e->ps_kind;
	e->bin = e->ps_rows[e->ps_cur];
	e->view = VIEW_MAP;
	mapview_recolor(e);
	return TUI_REBUILD;
}

enum tui_action
portsel_cancel(struct explorer *e, int key)
{
	(void)key;
	e->view = VIEW_MAP;
	return TUI_REDRAW;
}

enum tui_action
portsel_tab(struct explorer *e, int key)
{
	(void)key;
	e->ps_kind = e->ps_kind == SEL_PORT ? SEL_PROTO : SEL_PORT;
	portsel_filter(e);
	return TUI_REDRAW;
}

enum tui_action
portsel_text(struct explorer *e, int key)
{
	if (key == KEY_BACKSPACE)
		explorer_text_backspace(e->ps_filter);
	else
		explorer_text_key(e->ps_filter, sizeof e->ps_filter, key);
	portsel_filter(e);
	return TUI_REDRAW;
}

void
portsel_draw(struct explorer *e)
{
	const struct rect *r = &e->maprect;
	char flt[TUI_TEXT_MAX * 4], line[sizeof flt + TUI_NAME_MAX + 64];
	char label[TUI_NAME_MAX];
	size_t n, page = page_rows(e);
	const struct map_bin *b = bins(e, e->ps_kind, &n);
	int y = r->y;

	escape_text(e->ps_filter, strlen(e->ps_filter), flt, sizeof flt);
	snprintf(line, sizeof line, "%s (%zu of %zu)  filter: %s_",
	    e->ps_kind == SEL_PROTO ? "protocols" : "ports", e->ps_nrows, n,
	    flt);
	term_set(TERM_HEADING);
	term_text(y++, r->x + 1, r->w - 2, line);
	snprintf(line, sizeof line, "%5s  %-24s %12s", "rank", e->ps_kind ==
	    SEL_PROTO ? "protocol" : "port", "flows");
	term_set(TERM_DIM);
	term_text(y++, r->x + 1, r->w - 2, line);
	for (size_t k = e->ps_top; k < e->ps_nrows && k < e->ps_top + page;
	    k++, y++) {
		const struct map_bin *bin = &b[e->ps_rows[k]];

		escape_text(bin->label, strnlen(bin->label, sizeof bin->label),
		    label, sizeof label);
		snprintf(line, sizeof line, "%5zu  %-24s %12llu",
		    e->ps_rows[k] + 1, label, (unsigned long long)bin->flows);
		term_set(k == e->ps_cur ? TERM_CURSOR : TERM_PLAIN);
		if (k == e->ps_cur)
			term_fill(y, r->x, r->w);
		term_text(y, r->x + 1, r->w - 2, line);
	}
	if (e->ps_nrows == 0) {
		term_set(TERM_DIM);
		term_text(y, r->x + 1, r->w - 2, "  nothing matches");
	}
	term_set(TERM_DIM);
	term_text(r->y + r->h - 1, r->x + 1, r->w - 2,
	    "Enter: colour the map  Esc: cancel  Tab: ports/protocols");
}
