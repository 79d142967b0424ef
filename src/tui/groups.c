/*
 * groups.c - the cluster list and the mark list, in the map's place.
 *
 * The cluster list shows every cluster of the map as `flowmap clusters`
 * numbers them (largest first): its number, size, share of the map's
 * computers and its label; the mark list every label of --mark with the
 * number of computers carrying it.  Tab switches between the two; `g`
 * opens the clusters, `M` the marks.  Typing filters (textfield.h): a
 * number equal to the filter first, then labels that start with it, then
 * those that contain it, each in the list's order.  Enter makes the
 * highlighted group the selection and asks the loop to fit the map to it
 * (TUI_FIT); the list never touches the map view.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/xalloc.h"
#include "tui/groups.h"
#include "tui/term.h"

#define GROUPS_HEAD_ROWS	2	/* the title and the column names */
#define GROUPS_FOOT_ROWS	1
#define GROUPS_NUM_W		5	/* the columns of a row */
#define GROUPS_SIZE_W		8
#define GROUPS_SHARE_W		7
#define GROUPS_GAP		2

enum match {
	MATCH_EXACT,
	MATCH_PREFIX,
	MATCH_INSIDE,
	MATCH_NONE
};

static size_t
ngroups(const struct explorer *e)
{
	return e->gr_marks ? e->m->marks.nlabels : e->m->nclusters;
}

static const char *
group_label(const struct explorer *e, size_t i)
{
	return e->gr_marks ? e->mark_labels[i] : e->cluster_labels[i];
}

static size_t
group_size(const struct explorer *e, size_t i)
{
	return e->gr_marks ? e->m->marks.count[i] : e->m->clusters[i].size;
}

static enum match
group_match(const struct explorer *e, size_t i, const char *filter)
{
	const char *label = group_label(e, i);
	size_t fl = strlen(filter);
	int digits = fl > 0;

	if (fl == 0)
		return MATCH_INSIDE;
	for (const char *p = filter; *p; p++)
		digits &= isdigit((unsigned char)*p) != 0;
	/* a cluster by its number: "3" is cluster 3, not 13 */
	if (digits && !e->gr_marks && strtoull(filter, NULL, 10) == i + 1)
		return MATCH_EXACT;
	if (strncasecmp(label, filter, fl) == 0)
		return label[fl] == '\0' ? MATCH_EXACT : MATCH_PREFIX;
	return strcasestr(label, filter) != NULL ? MATCH_INSIDE : MATCH_NONE;
}

static void
refilter(struct explorer *e)
{
	const char *filter = textfield_text(&e->gr_filter);
	size_t n = ngroups(e), k = 0;

	e->gr_rows = xreallocarray(e->gr_rows, n > 0 ? n : 1,
	    sizeof *e->gr_rows);
	for (int cls = MATCH_EXACT; cls < MATCH_NONE; cls++)
		for (size_t i = 0; i < n; i++)
			if (group_match(e, i, filter) == (enum match)cls)
				e->gr_rows[k++] = i;
	listnav_reset(&e->gr_list, k);
}

void
groups_free(struct explorer *e)
{
	free(e->gr_rows);
	e->gr_rows = NULL;
	listnav_reset(&e->gr_list, 0);
	textfield_free(&e->gr_filter);
}

static size_t
page_rows(const struct explorer *e)
{
	int n = e->maprect.h - GROUPS_HEAD_ROWS - GROUPS_FOOT_ROWS;

	return n > 1 ? (size_t)n : 1;
}

enum tui_reaction
groups_open(struct explorer *e, int key)
{
	int marks = key == 'M';

	if (marks && e->m->marks.nlabels == 0) {
		explorer_note(e, "no marks: flowmap --mark FILE lays them on");
		return TUI_REDRAW;
	}
	if (!marks && e->m->nclusters == 0) {
		explorer_note(e, "this map has no clusters");
		return TUI_REDRAW;
	}
	e->gr_marks = marks;
	textfield_clear(&e->gr_filter);
	e->view = VIEW_GROUPS;
	refilter(e);
	return TUI_REDRAW;
}

enum tui_reaction
groups_move(struct explorer *e, int key)
{
	return listnav_key(&e->gr_list, key, page_rows(e)) ? TUI_REDRAW :
	    TUI_NONE;
}

enum tui_reaction
groups_edit(struct explorer *e, int key)
{
	switch (textfield_key(&e->gr_filter, key)) {
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
groups_switch(struct explorer *e, int key)
{
	(void)key;
	if (!e->gr_marks && e->m->marks.nlabels == 0) {
		explorer_note(e, "no marks: flowmap --mark FILE lays them on");
		return TUI_REDRAW;
	}
	if (e->gr_marks && e->m->nclusters == 0) {
		explorer_note(e, "this map has no clusters");
		return TUI_REDRAW;
	}
	e->gr_marks = !e->gr_marks;
	refilter(e);
	return TUI_REDRAW;
}

enum tui_reaction
groups_choose(struct explorer *e, int key)
{
	size_t g;
	char echo[TUI_ECHO_MAX];

	(void)key;
	if (e->gr_list.n == 0) {
		explorer_note(e, "nothing matches");
		return TUI_REDRAW;
	}
	g = e->gr_rows[e->gr_list.cur];
	if (e->gr_marks) {
		const char *raw = e->m->marks.labels[g];

		selection_from_mark(&e->chosen, e->m, g);
		snprintf(e->chosen.what, sizeof e->chosen.what, "mark %s",
		    escape_text(raw, strlen(raw), echo, sizeof echo));
	} else {
		selection_from_cluster(&e->chosen, e->m, g);
		snprintf(e->chosen.what, sizeof e->chosen.what, "cluster %zu",
		    g + 1);
	}
	e->view = VIEW_MAP;
	explorer_remember(e, HISTORY_JUMP);
	return TUI_FIT;
}

/* One group's row: number, size, share, label. */
static void
row_draw(struct explorer *e, int y, int x, int w, size_t g)
{
	char cols[64];
	size_t size = group_size(e, g), n = e->m->ncomputers;
	int used;

	if (e->gr_marks)
		snprintf(cols, sizeof cols, "%*zu %*.1f%%%*s",
		    GROUPS_SIZE_W, size, GROUPS_SHARE_W - 1,
		    n > 0 ? 100.0 * (double)size / (double)n : 0.0,
		    GROUPS_GAP, "");
	else
		snprintf(cols, sizeof cols, "%*zu %*zu %*.1f%%%*s",
		    GROUPS_NUM_W, g + 1, GROUPS_SIZE_W, size,
		    GROUPS_SHARE_W - 1,
		    n > 0 ? 100.0 * (double)size / (double)n : 0.0,
		    GROUPS_GAP, "");
	used = term_text(y, x, w, cols);
	term_text(y, x + used, w - used, group_label(e, g));
}

void
groups_draw(struct explorer *e)
{
	const struct rect *r = &e->maprect;
	const struct listnav *l = &e->gr_list;
	char head[128];
	size_t page = page_rows(e);
	int y = r->y, x = r->x + 1, w = r->w - 2, used;

	snprintf(head, sizeof head, "%s (%zu of %zu)  filter: ",
	    e->gr_marks ? "marks" : "clusters", l->n, ngroups(e));
	term_set(TERM_HEADING);
	used = term_text(y, x, w, head);
	textfield_draw(&e->gr_filter, y++, x + used, w - used, TERM_HEADING);
	if (e->gr_marks)
		snprintf(head, sizeof head, "%*s %*s%*s%s", GROUPS_SIZE_W,
		    "marked", GROUPS_SHARE_W, "share", GROUPS_GAP, "",
		    "label");
	else
		snprintf(head, sizeof head, "%*s %*s %*s%*s%s", GROUPS_NUM_W,
		    "#", GROUPS_SIZE_W, "size", GROUPS_SHARE_W, "share",
		    GROUPS_GAP, "", "label: what its computers do");
	term_set(TERM_DIM);
	term_text(y++, x, w, head);
	for (size_t k = l->top; k < l->n && k < l->top + page; k++, y++) {
		term_set(k == l->cur ? TERM_CURSOR : TERM_PLAIN);
		if (k == l->cur)
			term_fill(y, r->x, r->w);
		row_draw(e, y, x, w, e->gr_rows[k]);
	}
	if (l->n == 0) {
		term_set(TERM_DIM);
		term_text(y, x, w, "  nothing matches");
	}
	term_set(TERM_DIM);
	term_text(r->y + r->h - 1, x, w, e->gr_marks ?
	    "Enter: select these computers  Esc: back  Tab: clusters" :
	    "Enter: select the cluster and zoom to it  Esc: back  Tab: marks");
}
