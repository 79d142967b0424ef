/*
 * explorer.c - the explorer's shared state: its defaults, the names as
 * the screen shows them, the layout's rectangles (see explorer.h).
 *
 * Every string from the data is escaped here, once, into a string of its
 * own length: the views draw these and never a raw name, and the search
 * matches what the user sees.  Nothing is cut to a fixed size; the screen
 * clips by display width where it draws.  (A computer name is at most
 * NAMES_MAX_LEN bytes, 255, by the time it reaches a map: the loader
 * rejects longer ones as malformed; escaped, a name is at most four times
 * as long.)
 *
 * No curses here: the loop hands the terminal's size to explorer_layout().
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/xalloc.h"
#include "tui/explorer.h"

_Static_assert(MEASURE_FLOWS == 0 && (int)NMEASURES == (int)MAP_OUT_FLOWS,
    "the measures are the offsets of a direction's distributions");

/* The measures' words, from the map's column names ("in_flows" ->
 * "flows"): one table for the files, the bars and the status line. */
#define MEASURE_NAME_PREFIX	"in_"

const char *
explorer_measure_name(enum measure m)
{
	const char *name = map_dist_names[MAP_IN_FLOWS + (m % NMEASURES)];

	return strncmp(name, MEASURE_NAME_PREFIX,
	    sizeof MEASURE_NAME_PREFIX - 1) == 0 ?
	    name + sizeof MEASURE_NAME_PREFIX - 1 : name;
}

const char *
explorer_map_name(enum mapkind k)
{
	return k == MAPKIND_COMMS ? "communications" : "functional";
}

static char **
bin_labels(const struct map_bin *b, size_t n)
{
	char **v = xreallocarray(NULL, n > 0 ? n : 1, sizeof *v);

	for (size_t i = 0; i < n; i++) {
		char *raw = xstrndup(b[i].label, strnlen(b[i].label,
		    sizeof b[i].label));

		v[i] = escape_dup(raw);
		free(raw);
	}
	return v;
}

static void
free_all(char **v, size_t n)
{
	if (v == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
explorer_init(struct explorer *e, const struct map *m,
    const struct tui_options *o)
{
	memset(e, 0, sizeof *e);
	e->m = m;
	e->o = o;
	e->view = VIEW_MAP;
	e->pane = 1;
	e->sel = SIZE_MAX;
	e->T = 1;
	e->kind = SEL_NONE;
	e->measure = MEASURE_FLOWS;
	e->mouse = o->mouse;
	e->title = escape_dup(o->title != NULL ? o->title : "");
	e->names = xreallocarray(NULL, m->ncomputers > 0 ? m->ncomputers : 1,
	    sizeof *e->names);
	for (size_t i = 0; i < m->ncomputers; i++)
		e->names[i] = escape_dup(m->computers[i].name);
	e->port_labels = bin_labels(m->ports, m->nports);
	e->proto_labels = bin_labels(m->protos, m->nprotos);
	e->cluster_labels = xreallocarray(NULL, m->nclusters > 0 ?
	    m->nclusters : 1, sizeof *e->cluster_labels);
	for (size_t c = 0; c < m->nclusters; c++) {
		const char *l = m->clusters[c].label;

		e->cluster_labels[c] = escape_dup(l);
	}
	e->mark_labels = xreallocarray(NULL, m->marks.nlabels > 0 ?
	    m->marks.nlabels : 1, sizeof *e->mark_labels);
	for (size_t k = 0; k < m->marks.nlabels; k++)
		e->mark_labels[k] = escape_dup(m->marks.labels[k]);
	e->marked = xcalloc(m->ncomputers > 0 ? m->ncomputers : 1, 1);
	if (m->marks.start != NULL)
		for (size_t i = 0; i < m->ncomputers; i++)
			e->marked[i] = m->marks.start[i + 1] >
			    m->marks.start[i];
	e->match = xcalloc(m->ncomputers > 0 ? m->ncomputers : 1, 1);
	selection_init(&e->chosen, m->ncomputers);
}

void
explorer_free(struct explorer *e)
{
	free(e->title);
	free_all(e->names, e->m->ncomputers);
	free_all(e->port_labels, e->m->nports);
	free_all(e->proto_labels, e->m->nprotos);
	free_all(e->cluster_labels, e->m->nclusters);
	free_all(e->mark_labels, e->m->marks.nlabels);
	free(e->marked);
	free(e->match);
	selection_free(&e->chosen);
	e->title = NULL;
	e->names = e->port_labels = e->proto_labels = NULL;
	e->cluster_labels = e->mark_labels = NULL;
	e->marked = e->match = NULL;
}

void
explorer_layout(struct explorer *e, int lines, int cols)
{
	struct layout l;

	e->lines = lines;
	e->cols = cols;
	if (layout_compute(&l, e->cols, e->lines, e->pane, e->split) < 0) {
		e->split = 0;
		explorer_note(e, "split screen off: needs %d columns",
		    TUI_SPLIT_MIN_COLS);
	}
	e->too_small = l.too_small;
	e->title_rect = l.title;
	e->status = l.status;
	e->maprect = l.map;
	e->panerect = l.pane;
	e->rule = l.rule;
	e->maps[MAPKIND_FUNCTIONAL].rect = l.half[LAYOUT_LEFT];
	e->maps[MAPKIND_COMMS].rect = l.half[LAYOUT_RIGHT];
}

const struct map_bin *
explorer_bins(const struct explorer *e, enum sel_kind kind, size_t *n,
    char *const **labels)
{
	if (kind == SEL_PROTO) {
		*n = e->m->nprotos;
		*labels = e->proto_labels;
		return e->m->protos;
	}
	*n = e->m->nports;
	*labels = e->port_labels;
	return e->m->ports;
}

const char *
explorer_sel_label(const struct explorer *e)
{
	char *const *labels;
	size_t n;

	if (e->kind == SEL_NONE)
		return NULL;
	explorer_bins(e, e->kind, &n, &labels);
	return e->bin < n ? labels[e->bin] : NULL;
}

enum tui_reaction
explorer_back_to_map(struct explorer *e, int key)
{
	(void)key;
	e->view = VIEW_MAP;
	/* a list may have moved the selected computer: its look too */
	return TUI_REBUILD;
}

enum tui_reaction
explorer_no_comms(struct explorer *e)
{
	explorer_note(e, "no communications map (--no-comms, or too few "
	    "computers)");
	return TUI_REDRAW;
}

void
explorer_note(struct explorer *e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(e->message, sizeof e->message, fmt, ap);
	va_end(ap);
}

void
explorer_state(const struct explorer *e, struct history_state *s)
{
	_Static_assert(HISTORY_NPANES == NMAPKINDS,
	    "a history state has a pane per map");
	memset(s, 0, sizeof *s);
	for (int k = 0; k < NMAPKINDS; k++) {
		const struct mappane *p = &e->maps[k];

		s->pane[k] = (struct history_pane){ p->cv.cx, p->cv.cy,
		    p->cv.zoom, p->curx, p->cury };
	}
	s->active = (int)e->active;
	s->sel = e->sel;
}

void
explorer_restore(struct explorer *e, const struct history_state *s)
{
	for (int k = 0; k < NMAPKINDS; k++) {
		struct mappane *p = &e->maps[k];

		p->cv.cx = s->pane[k].cx;
		p->cv.cy = s->pane[k].cy;
		p->cv.zoom = s->pane[k].zoom;
		p->curx = s->pane[k].curx;
		p->cury = s->pane[k].cury;
	}
	e->active = s->active == MAPKIND_COMMS && e->m->has_comms ?
	    MAPKIND_COMMS : MAPKIND_FUNCTIONAL;
	e->sel = s->sel < e->m->ncomputers ? s->sel : SIZE_MAX;
	e->cycle = 0;
}

void
explorer_remember(struct explorer *e, enum history_kind kind)
{
	struct history_state now;

	explorer_state(e, &now);
	history_push(&e->history, &now, kind);
}

enum tui_reaction
explorer_select_box(struct explorer *e, double x0, double y0, double x1,
    double y1)
{
	/* a cell's width and height of slack: the corners' cells whole */
	const struct canvas_view *v = &e->maps[e->active].cv;
	double hx = CANVAS_DOTS_X / 2.0 / (v->scale * v->zoom);
	double hy = CANVAS_DOTS_Y / 2.0 / (v->scale * v->zoom);

	selection_from_box(&e->chosen, e->m, e->active == MAPKIND_COMMS,
	    fmin(x0, x1) - hx, fmin(y0, y1) - hy, fmax(x0, x1) + hx,
	    fmax(y0, y1) + hy);
	snprintf(e->chosen.what, sizeof e->chosen.what, "box");
	explorer_note(e, "%zu computers in the box", e->chosen.n);
	return TUI_REBUILD;
}
