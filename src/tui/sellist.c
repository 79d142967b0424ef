/*
 * sellist.c - the selection as a list, in the map's place (see
 * sellist.h).
 *
 * One row per member: name, flows, bytes and cluster.  `o` cycles the
 * order (name, flows, bytes, cluster: selection.h).  The heading says
 * what the members do in the words of a cluster's label (cluster.h:
 * cluster_label() of any set of computers), so a box or a search's
 * matches are named as a cluster is.  The
 * highlighted member is the selected computer, so the detail pane beside
 * the list shows it as the cursor moves; Enter goes back to the map
 * centred on it (TUI_CENTRE).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/counters.h"
#include "base/escape.h"
#include "base/xalloc.h"
#include "profile/cluster.h"
#include "tui/sellist.h"
#include "tui/term.h"

#define SELLIST_HEAD_ROWS	3
#define SELLIST_FOOT_ROWS	1
#define SELLIST_NUM_W		12	/* flows, bytes */
#define SELLIST_CLUSTER_W	8
#define SELLIST_NAME_MIN_W	16

static size_t
page_rows(const struct explorer *e)
{
	int n = e->maprect.h - SELLIST_HEAD_ROWS - SELLIST_FOOT_ROWS;

	return n > 1 ? (size_t)n : 1;
}

/* The members in the current order, the cursor on `keep` if a member. */
static void
resort(struct explorer *e, size_t keep)
{
	size_t n = e->chosen.n;

	e->sl_rows = xreallocarray(e->sl_rows, n > 0 ? n : 1,
	    sizeof *e->sl_rows);
	selection_sorted(&e->chosen, e->m, e->sl_order, e->sl_rows);
	listnav_reset(&e->sl_list, n);
	for (size_t k = 0; k < n; k++)
		if (e->sl_rows[k] == keep)
			listnav_set(&e->sl_list, k, page_rows(e));
}

/* The highlighted member is the selected computer. */
static void
follow_cursor(struct explorer *e)
{
	if (e->sl_list.n > 0)
		e->sel = e->sl_rows[e->sl_list.cur];
}

void
sellist_free(struct explorer *e)
{
	free(e->sl_rows);
	e->sl_rows = NULL;
	listnav_reset(&e->sl_list, 0);
}

enum tui_reaction
sellist_open(struct explorer *e, int key)
{
	char words[MAP_LABEL_MAX];

	(void)key;
	if (e->chosen.n == 0) {
		explorer_note(e, "nothing selected (g, M, B, V, F select)");
		return TUI_REDRAW;
	}
	e->view = VIEW_SELLIST;
	cluster_label(e->m, e->chosen.rows, e->chosen.n, words, sizeof words);
	escape_text(words, strlen(words), e->sl_label, sizeof e->sl_label);
	resort(e, e->sel);
	follow_cursor(e);
	return TUI_REBUILD;
}

enum tui_reaction
sellist_move(struct explorer *e, int key)
{
	if (!listnav_key(&e->sl_list, key, page_rows(e)))
		return TUI_NONE;
	follow_cursor(e);
	return TUI_REDRAW;
}

enum tui_reaction
sellist_sort(struct explorer *e, int key)
{
	(void)key;
	e->sl_order = (e->sl_order + 1) % SELECTION_NORDERS;
	resort(e, e->sel);
	follow_cursor(e);
	return TUI_REDRAW;
}

enum tui_reaction
sellist_choose(struct explorer *e, int key)
{
	(void)key;
	e->view = VIEW_MAP;
	if (e->sl_list.n == 0)
		return TUI_REDRAW;
	explorer_remember(e, HISTORY_JUMP);
	follow_cursor(e);
	return TUI_CENTRE;
}

static void
row_draw(struct explorer *e, int y, int x, int w, size_t i)
{
	const struct map_computer *c = &e->m->computers[i];
	char nums[64];
	int nw = w - 2 * SELLIST_NUM_W - SELLIST_CLUSTER_W - 2;

	if (nw < SELLIST_NAME_MIN_W)
		nw = SELLIST_NAME_MIN_W;
	term_text(y, x, nw, e->names[i]);
	if (c->cluster == MAP_NO_CLUSTER)
		snprintf(nums, sizeof nums, "%*llu %*llu %*s",
		    SELLIST_NUM_W, (unsigned long long)sat_add(c->flows_in,
		    c->flows_out), SELLIST_NUM_W, (unsigned long long)
		    sat_add(c->bytes_in, c->bytes_out), SELLIST_CLUSTER_W,
		    "-");
	else
		snprintf(nums, sizeof nums, "%*llu %*llu %*lu",
		    SELLIST_NUM_W, (unsigned long long)sat_add(c->flows_in,
		    c->flows_out), SELLIST_NUM_W, (unsigned long long)
		    sat_add(c->bytes_in, c->bytes_out), SELLIST_CLUSTER_W,
		    (unsigned long)c->cluster + 1);
	if (nw + 1 < w)
		term_text(y, x + nw + 1, w - nw - 1, nums);
}

void
sellist_draw(struct explorer *e)
{
	const struct rect *r = &e->maprect;
	const struct listnav *l = &e->sl_list;
	char head[160];
	size_t page = page_rows(e);
	int y = r->y, x = r->x + 1, w = r->w - 2;
	int nw = w - 2 * SELLIST_NUM_W - SELLIST_CLUSTER_W - 2;

	if (nw < SELLIST_NAME_MIN_W)
		nw = SELLIST_NAME_MIN_W;
	snprintf(head, sizeof head, "selection: %s, %zu computers, by %s",
	    e->chosen.what, e->chosen.n, selection_order_name(e->sl_order));
	term_set(TERM_HEADING);
	term_text(y++, x, w, head);
	term_set(TERM_PLAIN);
	term_text(y, x, w, "what they do: ");
	term_text(y++, x + 14, w - 14, e->sl_label[0] ? e->sl_label :
	    "(no flows to name)");
	snprintf(head, sizeof head, "%-*s %*s %*s %*s", nw, "computer",
	    SELLIST_NUM_W, "flows", SELLIST_NUM_W, "bytes",
	    SELLIST_CLUSTER_W, "cluster");
	term_set(TERM_DIM);
	term_text(y++, x, w, head);
	for (size_t k = l->top; k < l->n && k < l->top + page; k++, y++) {
		term_set(k == l->cur ? TERM_CURSOR : TERM_PLAIN);
		if (k == l->cur)
			term_fill(y, r->x, r->w);
		row_draw(e, y, x, w, e->sl_rows[k]);
	}
	term_set(TERM_DIM);
	term_text(r->y + r->h - 1, x, w,
	    "Enter: the map on this computer  o: order  w: write  Esc: back");
}
