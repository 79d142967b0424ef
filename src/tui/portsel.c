/*
 * portsel.c - the port and protocol selector.
 *
 * A list of the bins (ports ranked by flows, or protocols) in the map's
 * place, filtered by what the user types.  The order of the filtered list
 * puts the likeliest wish first, so that "53" Enter picks 53/domain and
 * not N10453: a label equal to the filter, or equal up to "/name", or a
 * bin whose number is the filter; then labels that start with it; then
 * the rest that contain it; within each class, by rank (flows).
 *
 * The filter is a text field (textfield.h) and the cursor a list
 * (listnav.h), the parts the cluster list will share.  Enter sets the
 * bin that colours the map and asks the loop to recolour (TUI_RECOLOUR):
 * the selector never touches the map view.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "tui/portsel.h"
#include "tui/term.h"

#define PORTSEL_HEAD_ROWS	2	/* the title and the column names */
#define PORTSEL_FOOT_ROWS	1
#define PORTSEL_RANK_W		5	/* the columns of a row */
#define PORTSEL_LABEL_W		24
#define PORTSEL_FLOWS_W		12
#define PORTSEL_GAP		2

enum match {
	MATCH_EXACT,
	MATCH_PREFIX,
	MATCH_INSIDE,
	MATCH_NONE
};

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

/* Is the bin number v?  A protocol by its number; a port when its token
 * in the data is that number ("53", not "N53"). */
static int
bin_is_number(const struct map_bin *b, enum sel_kind kind,
    unsigned long long v)
{
	if (b->is_other)
		return 0;
	if (kind == SEL_PROTO)
		return b->key == v;
	return all_digits(b->text) && strtoull(b->text, NULL, 10) == v;
}

/* How the bin with label `label` (escaped, as shown) matches filter. */
static enum match
bin_match(const struct map_bin *b, const char *label, enum sel_kind kind,
    const char *filter)
{
	size_t fl = strlen(filter);

	if (fl == 0)
		return MATCH_INSIDE;
	if (all_digits(filter) &&
	    bin_is_number(b, kind, strtoull(filter, NULL, 10)))
		return MATCH_EXACT;
	if (strncasecmp(label, filter, fl) == 0)
		return label[fl] == '\0' || label[fl] == '/' ? MATCH_EXACT :
		    MATCH_PREFIX;
	return strcasestr(label, filter) != NULL ? MATCH_INSIDE : MATCH_NONE;
}

/* The rows: the bins matching the filter, likeliest first. */
static void
refilter(struct explorer *e)
{
	char *const *labels;
	size_t n, k = 0;
	const struct map_bin *b = explorer_bins(e, e->ps_kind, &n, &labels);
	const char *filter = textfield_text(&e->ps_filter);

	e->ps_rows = xreallocarray(e->ps_rows, n > 0 ? n : 1,
	    sizeof *e->ps_rows);
	for (int cls = MATCH_EXACT; cls < MATCH_NONE; cls++)
		for (size_t i = 0; i < n; i++)
			if (bin_match(&b[i], labels[i], e->ps_kind, filter) ==
			    (enum match)cls)
				e->ps_rows[k++] = i;
	listnav_reset(&e->ps_list, k);
}

void
portsel_free(struct explorer *e)
{
	free(e->ps_rows);
	e->ps_rows = NULL;
	listnav_reset(&e->ps_list, 0);
	textfield_free(&e->ps_filter);
}

static size_t
page_rows(const struct explorer *e)
{
	int n = e->maprect.h - PORTSEL_HEAD_ROWS - PORTSEL_FOOT_ROWS;

	return n > 1 ? (size_t)n : 1;
}

enum tui_reaction
portsel_open(struct explorer *e, int key)
{
	e->ps_kind = key == 'P' ? SEL_PROTO : SEL_PORT;
	textfield_clear(&e->ps_filter);
	e->view = VIEW_PORTSEL;
	refilter(e);
	/* start on the bin that colours the map now */
	if (e->kind == e->ps_kind)
		for (size_t i = 0; i < e->ps_list.n; i++)
			if (e->ps_rows[i] == e->bin)
				listnav_set(&e->ps_list, i, page_rows(e));
	return TUI_REDRAW;
}

enum tui_reaction
portsel_move(struct explorer *e, int key)
{
	return listnav_key(&e->ps_list, key, page_rows(e)) ? TUI_REDRAW :
	    TUI_NONE;
}

enum tui_reaction
portsel_edit(struct explorer *e, int key)
{
	switch (textfield_key(&e->ps_filter, key)) {
	case TEXTFIELD_CHANGED:
		refilter(e);
		return TUI_REDRAW;
	case TEXTFIELD_MOVED:
		return TUI_REDRAW;
	default:
		return TUI_NONE;
	}
}

enum tui_reaction
portsel_choose(struct explorer *e, int key)
{
	(void)key;
	if (e->ps_list.n == 0) {
		explorer_note(e, "nothing matches");
		return TUI_REDRAW;
	}
	e->kind = e->ps_kind;
	e->bin = e->ps_rows[e->ps_list.cur];
	e->view = VIEW_MAP;
	return TUI_RECOLOUR;
}

enum tui_reaction
portsel_switch_kind(struct explorer *e, int key)
{
	(void)key;
	e->ps_kind = e->ps_kind == SEL_PORT ? SEL_PROTO : SEL_PORT;
	refilter(e);
	return TUI_REDRAW;
}

/* One bin's row: rank, label, flows. */
static void
row_draw(int y, int x, int w, size_t rank, const char *label,
    uint64_t flows)
{
	char num[32];
	int lx = x + PORTSEL_RANK_W + PORTSEL_GAP;
	int fx = lx + PORTSEL_LABEL_W + 1;

	snprintf(num, sizeof num, "%*zu", PORTSEL_RANK_W, rank);
	term_text(y, x, w, num);
	if (lx < x + w)
		term_text(y, lx, PORTSEL_LABEL_W < x + w - lx ?
		    PORTSEL_LABEL_W : x + w - lx, label);
	snprintf(num, sizeof num, "%*llu", PORTSEL_FLOWS_W,
	    (unsigned long long)flows);
	if (fx < x + w)
		term_text(y, fx, x + w - fx, num);
}

void
portsel_draw(struct explorer *e)
{
	const struct rect *r = &e->maprect;
	const struct listnav *l = &e->ps_list;
	char *const *labels;
	char head[96];
	size_t n, page = page_rows(e);
	const struct map_bin *b = explorer_bins(e, e->ps_kind, &n, &labels);
	int y = r->y, x = r->x + 1, w = r->w - 2, used;

	snprintf(head, sizeof head, "%s (%zu of %zu)  filter: ",
	    e->ps_kind == SEL_PROTO ? "protocols" : "ports", l->n, n);
	term_set(TERM_HEADING);
	used = term_text(y, x, w, head);
	textfield_draw(&e->ps_filter, y++, x + used, w - used, TERM_HEADING);
	snprintf(head, sizeof head, "%*s  %-*s %*s", PORTSEL_RANK_W, "rank",
	    PORTSEL_LABEL_W, e->ps_kind == SEL_PROTO ? "protocol" : "port",
	    PORTSEL_FLOWS_W, "flows");
	term_set(TERM_DIM);
	term_text(y++, x, w, head);
	for (size_t k = l->top; k < l->n && k < l->top + page; k++, y++) {
		size_t i = e->ps_rows[k];

		term_set(k == l->cur ? TERM_CURSOR : TERM_PLAIN);
		if (k == l->cur)
			term_fill(y, r->x, r->w);
		row_draw(y, x, w, i + 1, labels[i], b[i].flows);
	}
	if (l->n == 0) {
		term_set(TERM_DIM);
		term_text(y, x, w, "  nothing matches");
	}
	term_set(TERM_DIM);
	term_text(r->y + r->h - 1, x, w,
	    "Enter: colour the map  Esc: cancel  Tab: ports/protocols");
}
